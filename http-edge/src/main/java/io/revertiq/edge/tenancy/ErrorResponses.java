package io.revertiq.edge.tenancy;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Writes the v1 error body {@code {"error":{"code","message","field","hint"},"request_id"}}. */
public final class ErrorResponses {
    /**
     * The routing-context key of the request id. A handler that runs earlier (the /v1 router) may set it; otherwise
     * the first error written here creates one, so every error names a request id.
     */
    public static final String REQUEST_ID = "request_id";

    private ErrorResponses() {
    }

    public static String requestId(RoutingContext ctx) {
        String id = ctx.get(REQUEST_ID);
        if (id == null) {
            id = "req_" + UUID.randomUUID().toString().replace("-", "");
            ctx.put(REQUEST_ID, id);
        }
        return id;
    }

    public static void send(RoutingContext ctx, int status, String code, String message, String field, String hint) {
        JsonObject error = new JsonObject().put("code", code).put("message", message).put("field", field).put("hint", hint);
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", error).put("request_id", requestId(ctx)).encode());
    }
}
