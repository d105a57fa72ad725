package io.revertiq.edge.webhooks;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on a free loopback port, as a customer would write it: it verifies each delivery with
 * {@link WebhookVerifier} (401 when it does not verify) and otherwise answers the scripted statuses in turn, the last
 * one from then on.
 */
final class TestReceiver implements AutoCloseable {
    /** One request as received, with the verifier's verdict on it. */
    record Received(MultiMap headers, String body, WebhookVerifier.Verdict verdict) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private TestReceiver(Vertx vertx, String secret, int... statuses) {
        WebhookVerifier verifier = new WebhookVerifier(secret, Duration.ofMinutes(5));
        AtomicInteger next = new AtomicInteger();
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            WebhookVerifier.Verdict verdict = verifier.verify(request.getHeader(WebhookSignature.SIGNATURE_HEADER),
                    request.getHeader(WebhookSignature.TIMESTAMP_HEADER), body.getBytes(), Instant.now());
            received.add(new Received(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
                    body.toString(StandardCharsets.UTF_8), verdict));
            int status = verdict != WebhookVerifier.Verdict.VALID ? 401
                    : statuses[Math.min(next.getAndIncrement(), statuses.length - 1)];
            request.response().setStatusCode(status).end();
        })).listen(0, "localhost").toCompletionStage().toCompletableFuture().join();
    }

    static TestReceiver start(Vertx vertx, String secret, int... statuses) {
        return new TestReceiver(vertx, secret, statuses);
    }

    String url() {
        return "http://localhost:" + server.actualPort() + "/hooks/revertiq";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }
}
