package io.revertiq.deploy;

import io.revertiq.edge.webhooks.WebhookSignature;
import io.revertiq.edge.webhooks.WebhookVerifier;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver as a customer writes it: verifies each delivery's signature and timestamp with the tenant's
 * secret, answers 200 when valid (401 otherwise) and keeps every delivery with its verdict.
 */
final class VerifyingReceiver implements AutoCloseable {
    /** A delivery as the receiver got it, with its verdict. */
    record Received(MultiMap headers, String body, WebhookVerifier.Verdict verdict) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    VerifyingReceiver(Vertx vertx, String secret) {
        WebhookVerifier verifier = new WebhookVerifier(secret, Duration.ofMinutes(5));
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            WebhookVerifier.Verdict verdict = verifier.verify(request.getHeader(WebhookSignature.SIGNATURE_HEADER),
                    request.getHeader(WebhookSignature.TIMESTAMP_HEADER), body.getBytes(), Instant.now());
            received.add(new Received(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    body.toString(StandardCharsets.UTF_8), verdict));
            request.response().setStatusCode(verdict == WebhookVerifier.Verdict.VALID ? 200 : 401).end();
        })).listen(0, "localhost").toCompletionStage().toCompletableFuture().join();
    }

    /** {@code http://localhost:<port><path>}. */
    String url(String path) {
        return "http://localhost:" + server.actualPort() + path;
    }

    /** Every delivery so far, in arrival order (a live view). */
    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
