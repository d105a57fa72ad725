package io.revertiq.edge.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/schemas} (the list) and {@code GET /v1/schemas/{name}} (one JSON Schema, as
 * {@code application/schema+json}). Public like {@code /version}: they document the API, hold no tenant data,
 * and tools (code generators, validators) fetch them without a key.
 */
public final class SchemaRoutes implements RouteGroup {
    private final ApiSchemas schemas;

    public SchemaRoutes(ApiSchemas schemas) {
        this.schemas = schemas;
    }

    @Override
    public void install(Router router, ApiGuards guards) {
        router.get("/v1/schemas").handler(this::list);
        router.get("/v1/schemas/:name").handler(this::one);
    }

    private void list(RoutingContext ctx) {
        JsonArray list = new JsonArray();
        for (ApiSchemas.Schema schema : schemas.all()) {
            list.add(new JsonObject().put("name", schema.name()).put("id", ApiSchemas.ID_BASE + schema.name())
                    .put("title", schema.title()).put("href", "/v1/schemas/" + schema.name()));
        }
        ctx.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("schemas", list).toBuffer());
    }

    private void one(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        ApiSchemas.Schema schema = schemas.get(name).orElseThrow(() -> ApiException.notFound(
                "no schema named '" + name + "'", "GET /v1/schemas lists them: "
                        + String.join(", ", schemas.all().stream().map(ApiSchemas.Schema::name).toList())));
        ctx.response().putHeader("Content-Type", "application/schema+json").end(Buffer.buffer(schema.document()));
    }
}
