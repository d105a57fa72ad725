package io.revertiq.edge.api;

import io.vertx.ext.web.Router;

/**
 * A set of /v1 routes kept out of {@link V1Api} (artifacts, metadata, schemas, ...), mounted by
 * {@link V1Api#install} behind the same guards and so the same per-tenant rate limit. Throwing an
 * {@link ApiException} (or failing the context with one) answers in the v1 error format.
 */
public interface RouteGroup {
    void install(Router router, ApiGuards guards);
}
