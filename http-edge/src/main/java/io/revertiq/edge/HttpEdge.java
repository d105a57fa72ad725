package io.revertiq.edge;

import io.revertiq.edge.api.V1Api;
import io.revertiq.edge.metrics.EdgeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Vert.x HTTP edge: {@code /healthz}, {@code /version}, when given {@link EdgeMetrics} {@code /metrics}
 * (Prometheus text, every request timed) and, when given a {@link V1Api}, the /v1 API.
 * Every response carries {@value #VERSION_HEADER} and {@code X-Request-Id}; every error is in the v1 format.
 */
public final class HttpEdge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEdge.class);
    public static final String VERSION_HEADER = "X-RevertIQ-Version";

    private final Vertx vertx;
    private final List<HealthCheck> checks;
    private final V1Api api;
    private final EdgeMetrics metrics;
    private HttpServer server;

    public HttpEdge(Vertx vertx, List<HealthCheck> checks) {
        this(vertx, checks, null);
    }

    /** @param api the /v1 routes, or null for health and version only */
    public HttpEdge(Vertx vertx, List<HealthCheck> checks, V1Api api) {
        this(vertx, checks, api, null);
    }

    /** @param metrics the registry that times every request and that {@code GET /metrics} exposes, or null for neither */
    public HttpEdge(Vertx vertx, List<HealthCheck> checks, V1Api api, EdgeMetrics metrics) {
        this.vertx = vertx;
        this.checks = List.copyOf(checks);
        this.api = api;
        this.metrics = metrics;
    }

    public Router router() {
        Router router = Router.router(vertx);
        V1Api.installErrorFormat(router);
        if (metrics != null) {
            router.route().order(-999).handler(metrics.httpRecorder());
            router.get("/metrics").handler(this::scrape);
        }
        router.get("/healthz").handler(this::health);
        router.get("/version").handler(ctx -> json(ctx, 200, new JsonObject()
                .put("revertiq_version", BuildInfo.VERSION)
                .put("api_version", BuildInfo.API_VERSION)
                .put("java_version", System.getProperty("java.version"))));
        if (api != null) {
            api.install(router);
        }
        return router;
    }

    /** 200 when every dependency answers, else 503 naming the ones that do not. */
    private void health(RoutingContext ctx) {
        List<Future<String>> results = new ArrayList<>();
        for (HealthCheck check : checks) {
            Callable<String> probe = () -> {
                check.check();
                return "up";
            };
            results.add(vertx.executeBlocking(probe, false)
                    .recover(e -> Future.succeededFuture("down: " + e.getMessage())));
        }
        Future.all(results).onComplete(done -> {
            JsonObject components = new JsonObject();
            boolean healthy = true;
            for (int i = 0; i < checks.size(); i++) {
                String state = results.get(i).result();
                components.put(checks.get(i).name(), state);
                healthy &= "up".equals(state);
            }
            json(ctx, healthy ? 200 : 503, new JsonObject().put("status", healthy ? "ok" : "degraded")
                    .put("components", components));
        });
    }

    /** Off the event loop: a scrape reads every Kafka Streams metric of the process. */
    private void scrape(RoutingContext ctx) {
        vertx.executeBlocking(metrics::scrape, false).onComplete(scraped -> {
            if (scraped.failed()) {
                ctx.fail(scraped.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", EdgeMetrics.CONTENT_TYPE).end(scraped.result());
        });
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }

    /** Binds to {@code host:port} (0 picks a free port) and returns once it listens. */
    public HttpEdge start(String host, int port) {
        Router router = router();
        // before routing, so even a target no route can see (e.g. "*") answers with the version
        server = vertx.createHttpServer().requestHandler(request -> {
                    request.response().putHeader(VERSION_HEADER, BuildInfo.VERSION);
                    router.handle(request);
                }).invalidRequestHandler(request -> {
                    request.response().putHeader(VERSION_HEADER, BuildInfo.VERSION);
                    V1Api.refuseUndecodable(request);
                }).listen(port, host)
                .toCompletionStage().toCompletableFuture().join();
        LOG.info("HTTP edge on http://{}:{}", host, server.actualPort());
        return this;
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
            server = null;
        }
    }
}
