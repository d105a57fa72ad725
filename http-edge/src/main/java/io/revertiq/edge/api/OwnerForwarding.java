package io.revertiq.edge.api;

import io.revertiq.edge.tenancy.ErrorResponses;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a read of {@code /v1/analysis/{id}...} to the edge instance whose view holds the analysis (several
 * instances split the view's partitions) and relays its answer; a key held here goes on to the local handler. A
 * forwarded request carries {@value #FORWARDED_HEADER} and is never forwarded again, so instances that disagree
 * for a moment during a rebalance answer from their own stores instead of bouncing the request between them.
 */
final class OwnerForwarding implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerForwarding.class);
    static final String FORWARDED_HEADER = "X-RevertIQ-Forwarded-By";
    /** The request headers the owner needs: who asks and what they accept (the request id is set apart). */
    private static final Set<String> REQUEST_HEADERS = Set.of("authorization", "accept", "accept-encoding",
            "if-none-match");
    /** Response headers this instance sets itself (or that belong to one connection) and so does not relay. */
    private static final Set<String> OWN_RESPONSE_HEADERS = Set.of("connection", "keep-alive", "transfer-encoding",
            "x-request-id", "x-revertiq-version", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset");

    private final Vertx vertx;
    private final AnalysisView view;
    private final HttpClient client;

    OwnerForwarding(Vertx vertx, AnalysisView view) {
        this.vertx = vertx;
        this.view = view;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2_000).setKeepAlive(true));
    }

    @Override
    public void handle(RoutingContext ctx) {
        Optional<HostInfo> owner = ctx.request().getHeader(FORWARDED_HEADER) != null ? Optional.empty()
                : view.remoteOwner(ctx.pathParam("id"));
        if (owner.isEmpty()) {
            ctx.next();
            return;
        }
        HostInfo host = owner.get();
        RequestOptions options = new RequestOptions().setMethod(ctx.request().method()).setHost(host.host())
                .setPort(host.port()).setURI(ctx.request().uri()).setTimeout(10_000);
        ctx.request().headers().forEach((name, value) -> {
            if (REQUEST_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                options.addHeader(name, value);
            }
        });
        options.putHeader(V1Api.REQUEST_ID_HEADER, (String) ctx.get(ErrorResponses.REQUEST_ID));
        options.putHeader(FORWARDED_HEADER, ctx.request().localAddress().toString());
        client.request(options)
                .compose(request -> request.send())
                .onSuccess(response -> relay(ctx, response))
                .onFailure(e -> {
                    LOG.warn("request {}: the owner {} of {} does not answer: {}", ctx.get(ErrorResponses.REQUEST_ID), host,
                            ctx.pathParam("id"), e.toString());
                    ctx.fail(new ApiException(503, "UNAVAILABLE", "the edge instance holding analysis "
                            + ctx.pathParam("id") + " (" + host.host() + ":" + host.port() + ") does not answer",
                            null, "retry in a few seconds; the analysis moves to another instance if that one is gone"));
                });
    }

    /**
     * Completes with the outcome of {@code analysisId} as {@code owner} reports it on {@code GET /v1/analysis/{id}}
     * (asked with the caller's key): polled, 100 ms apart at first and at most 1 s apart later, until it is complete or
     * failed, the future is completed by someone else, or {@code atMost} has passed (then it stays incomplete).
     */
    CompletableFuture<AnalysisView.Outcome> awaitOutcome(RoutingContext ctx, String analysisId, HostInfo owner,
                                                         Duration atMost) {
        CompletableFuture<AnalysisView.Outcome> outcome = new CompletableFuture<>();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(owner.host())
                .setPort(owner.port()).setURI("/v1/analysis/" + analysisId).setTimeout(5_000)
                .putHeader(V1Api.REQUEST_ID_HEADER, (String) ctx.get(ErrorResponses.REQUEST_ID))
                .putHeader(FORWARDED_HEADER, ctx.request().localAddress().toString());
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization != null) {
            options.putHeader("Authorization", authorization);
        }
        poll(options, outcome, System.nanoTime() + atMost.toNanos(), 100);
        return outcome;
    }

    private void poll(RequestOptions options, CompletableFuture<AnalysisView.Outcome> outcome, long deadline,
                      long delayMs) {
        if (outcome.isDone() || System.nanoTime() > deadline) {
            return;
        }
        client.request(options).compose(request -> request.send()).compose(response -> response.body()
                        .map(body -> response.statusCode() == 200 ? ended(body) : null))
                .onComplete(polled -> {
                    AnalysisView.Outcome ended = polled.succeeded() ? polled.result() : null;
                    if (ended != null) {
                        outcome.complete(ended);
                    } else {
                        vertx.setTimer(delayMs, t -> poll(options, outcome, deadline, Math.min(1_000, delayMs * 2)));
                    }
                });
    }

    /** The outcome in an answer of {@code GET /v1/analysis/{id}}, or null while the analysis is still going. */
    private static AnalysisView.Outcome ended(Buffer body) {
        JsonObject answer = body.toJsonObject();
        return switch (String.valueOf(answer.getString("status"))) {
            case "complete" -> new AnalysisView.Outcome(body.getBytes(), null);
            case "failed" -> new AnalysisView.Outcome(null, answer);
            default -> null;
        };
    }

    private static void relay(RoutingContext ctx, HttpClientResponse response) {
        MultiMap headers = ctx.response().headers();
        response.headers().forEach((name, value) -> {
            if (!OWN_RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                headers.add(name, value);
            }
        });
        ctx.response().setStatusCode(response.statusCode());
        response.pipeTo(ctx.response());
    }
}
