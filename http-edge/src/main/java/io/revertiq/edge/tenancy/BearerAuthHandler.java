package io.revertiq.edge.tenancy;

import io.revertiq.edge.metrics.Rejection;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Guards a route with {@code Authorization: Bearer <key>}: 401 UNAUTHENTICATED for a missing, malformed, unknown or
 * revoked key, 403 PERMISSION_DENIED when the key lacks the route's scope, 429 RESOURCE_EXHAUSTED when the tenant's
 * token bucket is empty (with {@code Retry-After}). Every authenticated response carries
 * {@code X-RateLimit-Limit/Remaining/Reset} (Reset: seconds until the bucket is full again). On success the
 * {@link Principal} is in the context ({@link #principal}) and the next handler runs.
 *
 * <p>Mount it after any {@code BodyHandler}: it answers asynchronously (one indexed Postgres lookup per request).
 */
public final class BearerAuthHandler implements Handler<RoutingContext> {
    private static final String PRINCIPAL = "revertiq.principal";
    private static final String BEARER = "Bearer ";

    private final TenancyService tenancy;
    private final RateLimiter limiter;
    private final Scope required;

    public BearerAuthHandler(TenancyService tenancy, RateLimiter limiter, Scope required) {
        this.tenancy = tenancy;
        this.limiter = limiter;
        this.required = required;
    }

    /** The principal this handler put into the context. */
    public static Principal principal(RoutingContext ctx) {
        return Optional.<Principal>ofNullable(ctx.get(PRINCIPAL))
                .orElseThrow(() -> new IllegalStateException("no BearerAuthHandler ran before this handler"));
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            unauthenticated(ctx, Rejection.MISSING_KEY, "no API key: send Authorization: Bearer <key>");
            return;
        }
        tenancy.authenticate(header.substring(BEARER.length()).trim()).onComplete(result -> {
            if (result.failed()) {
                ErrorResponses.send(ctx, 503, "UNAVAILABLE", "cannot check the API key: the tenant database does not answer",
                        null, "retry with backoff");
                return;
            }
            if (result.result().isEmpty()) {
                unauthenticated(ctx, Rejection.INVALID_KEY, "the API key is invalid or revoked");
                return;
            }
            Principal principal = result.result().get();
            if (!principal.scopes().contains(required)) {
                Rejection.mark(ctx, Rejection.MISSING_SCOPE);
                ErrorResponses.send(ctx, 403, "PERMISSION_DENIED", "this API key lacks the scope " + required.id(),
                        null, "create a key with the scope " + required.id());
                return;
            }
            RateLimiter.Decision decision = limiter.acquire(principal.tenant().id(), principal.tenant().limits().requestsPerMinute());
            HttpServerResponse response = ctx.response();
            response.putHeader("X-RateLimit-Limit", Integer.toString(decision.limit()))
                    .putHeader("X-RateLimit-Remaining", Integer.toString(decision.remaining()))
                    .putHeader("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
            if (!decision.allowed()) {
                response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
                Rejection.mark(ctx, Rejection.RATE_LIMIT);
                ErrorResponses.send(ctx, 429, "RESOURCE_EXHAUSTED", "rate limit of " + decision.limit()
                        + " requests per minute exceeded", null, "retry after " + decision.retryAfterSeconds() + " s");
                return;
            }
            ctx.put(PRINCIPAL, principal);
            ctx.next();
        });
    }

    private static void unauthenticated(RoutingContext ctx, Rejection rejection, String message) {
        Rejection.mark(ctx, rejection);
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        ErrorResponses.send(ctx, 401, "UNAUTHENTICATED", message, null, "create a key with: revertiq admin key create TENANT");
    }
}
