package io.revertiq.platform.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import io.revertiq.schemas.registry.SchemaVersion;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API (the subset our clients and standard Confluent serdes use),
 * served by Vert.x over a {@link SchemaStore}. Error bodies are Confluent's {@code {error_code, message}}.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final SchemaStore store;
    private HttpServer server;

    public SchemaRegistryServer(Vertx vertx, SchemaStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    /** Binds the API to {@code host:port} (port 0 picks a free one) and returns once it listens. */
    public SchemaRegistryServer start(String host, int port) {
        try {
            server = vertx.createHttpServer().requestHandler(router()).listen(port, host)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the schema registry", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        LOG.info("schema registry API on http://{}:{}", host, server.actualPort());
        return this;
    }

    public int port() {
        return server.actualPort();
    }

    Router router() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(2 * 1024 * 1024));
        router.get("/").handler(ctx -> reply(ctx, 200, JSON.createObjectNode()));
        router.get("/schemas/types").handler(ctx -> reply(ctx, 200, JSON.createArrayNode().add("AVRO")));
        router.get("/subjects").handler(blocking(ctx -> {
            ArrayNode out = JSON.createArrayNode();
            store.subjects().forEach(out::add);
            return out;
        }));
        router.get("/subjects/:subject/versions").handler(blocking(ctx -> {
            ArrayNode out = JSON.createArrayNode();
            store.versionNumbers(ctx.pathParam("subject")).forEach(out::add);
            return out;
        }));
        router.post("/subjects/:subject/versions").handler(blocking(ctx -> {
            int id = store.register(ctx.pathParam("subject"), schemaOf(ctx));
            return JSON.createObjectNode().put("id", id);
        }));
        router.post("/subjects/:subject").handler(blocking(ctx ->
                versionJson(store.lookup(ctx.pathParam("subject"), schemaOf(ctx)))));
        router.get("/subjects/:subject/versions/:version").handler(blocking(ctx ->
                versionJson(store.version(ctx.pathParam("subject"), ctx.pathParam("version")))));
        router.get("/subjects/:subject/versions/:version/schema").handler(blocking(ctx ->
                JSON.readTree(store.version(ctx.pathParam("subject"), ctx.pathParam("version")).schema())));
        router.get("/schemas/ids/:id").handler(blocking(ctx ->
                JSON.createObjectNode().put("schema", store.byId(idParam(ctx)).toString())));
        router.get("/schemas/ids/:id/schema").handler(blocking(ctx ->
                JSON.readTree(store.byId(idParam(ctx)).toString())));
        router.post("/compatibility/subjects/:subject/versions/:version").handler(blocking(ctx ->
                JSON.createObjectNode().put("is_compatible",
                        store.isCompatible(ctx.pathParam("subject"), ctx.pathParam("version"), schemaOf(ctx)))));
        router.get("/config").handler(blocking(ctx ->
                JSON.createObjectNode().put("compatibilityLevel", store.globalLevel().name())));
        router.put("/config").handler(blocking(ctx -> {
            CompatibilityLevel level = levelOf(ctx);
            store.setLevel(null, level);
            return JSON.createObjectNode().put("compatibility", level.name());
        }));
        router.get("/config/:subject").handler(blocking(ctx -> {
            CompatibilityLevel level = store.subjectLevel(ctx.pathParam("subject"));
            if (level == null) {
                if (!"true".equals(ctx.request().getParam("defaultToGlobal"))) {
                    throw new RegistryError(404, 40408, "Subject '" + ctx.pathParam("subject")
                            + "' does not have subject-level compatibility configured");
                }
                level = store.globalLevel();
            }
            return JSON.createObjectNode().put("compatibilityLevel", level.name());
        }));
        router.put("/config/:subject").handler(blocking(ctx -> {
            CompatibilityLevel level = levelOf(ctx);
            store.setLevel(ctx.pathParam("subject"), level);
            return JSON.createObjectNode().put("compatibility", level.name());
        }));
        router.route().last().handler(ctx -> error(ctx, new RegistryError(404, 404, "HTTP 404 Not Found")));
        return router;
    }

    private interface Action {
        JsonNode run(RoutingContext ctx) throws Exception;
    }

    /** Store calls may wait on Kafka, so they run off the event loop. */
    private Handler<RoutingContext> blocking(Action action) {
        return ctx -> {
            Callable<JsonNode> call = () -> action.run(ctx);
            vertx.executeBlocking(call, false).onComplete(result -> {
                if (result.succeeded()) {
                    reply(ctx, 200, result.result());
                } else if (result.cause() instanceof RegistryError e) {
                    error(ctx, e);
                } else {
                    LOG.error("registry request {} {} failed", ctx.request().method(), ctx.request().path(), result.cause());
                    error(ctx, new RegistryError(500, 50001, "Error in the backend data store: " + result.cause().getMessage()));
                }
            });
        };
    }

    private static String schemaOf(RoutingContext ctx) {
        JsonNode body = body(ctx);
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw RegistryError.invalidSchema("schemaType " + type + " is not supported here (AVRO only)");
        }
        if (body.path("references").isArray() && !body.path("references").isEmpty()) {
            throw RegistryError.invalidSchema("schema references are not supported here");
        }
        if (!body.path("schema").isTextual()) {
            throw RegistryError.invalidSchema("the body has no \"schema\" string");
        }
        return body.path("schema").asText();
    }

    private static CompatibilityLevel levelOf(RoutingContext ctx) {
        JsonNode body = body(ctx);
        JsonNode level = body.has("compatibility") ? body.get("compatibility") : body.path("compatibilityLevel");
        return CompatibilityLevel.parse(level.asText(""));
    }

    private static JsonNode body(RoutingContext ctx) {
        try {
            String text = ctx.body().asString();
            JsonNode node = text == null || text.isBlank() ? null : JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new RegistryError(422, 42201, "The request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new RegistryError(400, 400, "Unrecognized JSON: " + e.getMessage());
        }
    }

    private static int idParam(RoutingContext ctx) {
        try {
            return Integer.parseInt(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound();
        }
    }

    private static ObjectNode versionJson(SchemaVersion v) {
        return JSON.createObjectNode().put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                .put("schema", v.schema());
    }

    private static void reply(RoutingContext ctx, int status, JsonNode body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", SchemaRegistryClient.CONTENT_TYPE)
                .end(body.toString());
    }

    private static void error(RoutingContext ctx, RegistryError e) {
        reply(ctx, e.httpStatus(), JSON.createObjectNode().put("error_code", e.errorCode()).put("message", e.getMessage()));
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
            server = null;
        }
    }
}
