package io.revertiq.edge.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The checks {@link V1Api} puts in front of its GETs, for {@link RouteGroup}s mounted beside them.
 *
 * @param reader a bearer key with {@code analyses:read}, counted against the tenant's rate limit
 * @param owner  continues only when the caller's tenant owns the analysis named by the path parameter {@code id}
 *               (its job row is then {@link V1Api#job}); an unknown id or another tenant's is 404 NOT_FOUND.
 *               Mount it after {@code reader}.
 */
public record ApiGuards(Handler<RoutingContext> reader, Handler<RoutingContext> owner) {
}
