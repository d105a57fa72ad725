package io.revertiq.edge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Times every request as {@value #REQUESTS} by method, route template and status, and counts marked
 * {@link Rejection}s. The route label is the template that answered ({@code /v1/analysis/:id}), never the raw
 * path, and unknown methods fold into {@code OTHER}, so a client cannot create series at will.
 */
final class HttpMetrics implements Handler<RoutingContext> {
    static final String REQUESTS = "http.server.requests";
    /** Requests that no route template answered (404 for unknown paths, 405). */
    static final String UNMATCHED = "unmatched";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final MeterRegistry registry;
    private final Map<Rejection, Counter> rejections = new EnumMap<>(Rejection.class);

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        // every reason exists from the start at 0, so alerts on increase() see the first rejection
        for (Rejection rejection : Rejection.values()) {
            rejections.put(rejection, Counter.builder(rejection.meterName()).tag("reason", rejection.reason())
                    .register(registry));
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        ctx.addEndHandler(ended -> record(ctx, System.nanoTime() - start));
        ctx.next();
    }

    private void record(RoutingContext ctx, long nanos) {
        String method = ctx.request().method().name();
        Timer.builder(REQUESTS)
                .tag("method", METHODS.contains(method) ? method : "OTHER")
                .tag("route", route(ctx))
                .tag("status", Integer.toString(ctx.response().getStatusCode()))
                .publishPercentileHistogram()
                // from a cached read to a synchronous analysis: fewer buckets than Micrometer's 1 ms..30 s default
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(120))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        Rejection rejection = Rejection.of(ctx);
        if (rejection != null) {
            rejections.get(rejection).increment();
        }
    }

    /** The template of the route that was handling the request when it ended; path-less routes are the edge's filters. */
    private static String route(RoutingContext ctx) {
        Route current = ctx.currentRoute();
        String path = current == null ? null : current.getPath();
        return path == null ? UNMATCHED : path;
    }
}
