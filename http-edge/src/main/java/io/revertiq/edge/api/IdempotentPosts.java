package io.revertiq.edge.api;

import io.revertiq.edge.idempotency.Claim;
import io.revertiq.edge.idempotency.IdempotencyKeys;
import io.revertiq.edge.idempotency.StoredResponse;
import io.revertiq.edge.tenancy.BearerAuthHandler;
import io.revertiq.edge.tenancy.ErrorResponses;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@code Idempotency-Key} for any POST handler: reads and checks the header, claims the key for the
 * caller's tenant, answers the outcomes that are the same for every endpoint (another request with the key: 422
 * FAILED_PRECONDITION; the key's request still in flight: 409 CONFLICT with Retry-After; the database unreachable:
 * 503), frees the claim of a request that answers an error, and replays stored responses.
 */
public final class IdempotentPosts {
    private static final Logger LOG = LoggerFactory.getLogger(IdempotentPosts.class);
    public static final String KEY_HEADER = "Idempotency-Key";
    /** {@code true} on a response that answers an earlier request with the same key. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private IdempotentPosts() {
    }

    /** The request's key; empty without the header; 400 INVALID_ARGUMENT for a malformed key or several. */
    public static Optional<String> key(RoutingContext ctx) {
        List<String> given = ctx.request().headers().getAll(KEY_HEADER);
        if (given.isEmpty()) {
            return Optional.empty();
        }
        if (given.size() > 1) {
            throw ApiException.invalid(KEY_HEADER, "the request has " + given.size() + " Idempotency-Key headers",
                    "send one Idempotency-Key");
        }
        String key = given.get(0);
        if (!IdempotencyKeys.wellFormed(key)) {
            throw ApiException.invalid(KEY_HEADER, "an Idempotency-Key is 1 to 255 printable ASCII characters; this one "
                    + (key.isEmpty() ? "is empty" : key.length() > 255 ? "has " + key.length() + " characters"
                    : "has a character outside 0x20-0x7E"), "use e.g. a UUID, new for each distinct request");
        }
        return Optional.of(key);
    }

    /** What a POST does with each outcome of its Idempotency-Key. */
    public interface Outcomes {
        /** Runs the request; {@code owned} records its response for replays, null when the request has no key. */
        void run(Claim.Owned owned);

        /** Answers as the finished first request with the key did. */
        void replay(StoredResponse response);

        /** The first request with the key created {@code id} and is still answering: answer for {@code id}. */
        void attach(String id);
    }

    /**
     * Runs a POST to {@code endpoint} under its {@code key} (from {@link #key}; empty: no key, it just runs), whose
     * parsed form is {@code canonicalRequest}; a refused claim fails the request with its v1 error.
     */
    public static void handle(IdempotencyKeys keys, RoutingContext ctx, Optional<String> key, String endpoint,
                              String canonicalRequest, Outcomes outcomes) {
        if (key.isEmpty()) {
            outcomes.run(null);
            return;
        }
        claim(keys, ctx, key.get(), endpoint, canonicalRequest).onComplete(claimed -> {
            try {
                if (claimed.failed()) {
                    throw (ApiException) claimed.cause();
                }
                Claim claim = claimed.result();
                if (claim instanceof Claim.Owned owned) {
                    outcomes.run(owned);
                } else if (claim instanceof Claim.Replay replay) {
                    outcomes.replay(replay.response());
                } else {
                    outcomes.attach(((Claim.Attach) claim).analysisId());
                }
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /**
     * Claims {@code key} for this request to {@code endpoint}, whose parsed form is {@code canonicalRequest}. Completes
     * with {@link Claim.Owned} (run the request and {@link IdempotencyKeys#complete} it; an error response releases
     * the claim by itself), {@link Claim.Replay} or {@link Claim.Attach}; fails with the {@link ApiException} to
     * answer otherwise.
     */
    public static Future<Claim> claim(IdempotencyKeys keys, RoutingContext ctx, String key, String endpoint,
                                      String canonicalRequest) {
        return keys.claim(BearerAuthHandler.principal(ctx).tenant().id(), key,
                        IdempotencyKeys.requestHash(endpoint, canonicalRequest))
                .recover(e -> {
                    LOG.warn("request {}: cannot claim an Idempotency-Key", (String) ctx.get(ErrorResponses.REQUEST_ID), e);
                    return Future.failedFuture(new ApiException(503, "UNAVAILABLE",
                            "the idempotency records cannot be read", null, "retry with the same Idempotency-Key"));
                })
                .compose(claim -> {
                    if (claim instanceof Claim.Mismatch) {
                        return Future.failedFuture(new ApiException(422, "FAILED_PRECONDITION",
                                "this Idempotency-Key was used for a different request", KEY_HEADER,
                                "use a new key for a new request; a retry must repeat the body of the first exactly"));
                    }
                    if (claim instanceof Claim.Busy busy) {
                        long seconds = Math.max(1, busy.retryAfter().toSeconds());
                        ctx.response().putHeader("Retry-After", Long.toString(seconds));
                        return Future.failedFuture(new ApiException(409, "CONFLICT",
                                "the first request with this Idempotency-Key is still being processed", KEY_HEADER,
                                "retry with the same key after " + seconds + " s"));
                    }
                    if (claim instanceof Claim.Owned owned) {
                        releaseOnError(keys, ctx, owned);
                    } else {
                        ctx.response().putHeader(REPLAYED_HEADER, "true");
                    }
                    return Future.succeededFuture(claim);
                });
    }

    /** A 4xx or 5xx answer (quota, a 504, a failure) must not bind the key: the client may retry with it. */
    private static void releaseOnError(IdempotencyKeys keys, RoutingContext ctx, Claim.Owned owned) {
        ctx.addHeadersEndHandler(v -> {
            if (ctx.response().getStatusCode() >= 400) {
                keys.release(owned).onFailure(e -> LOG.warn("cannot release Idempotency-Key of request {}; it frees "
                        + "itself when its lease ends", (String) ctx.get(ErrorResponses.REQUEST_ID), e));
            }
        });
    }

    /** Answers a stored response as it was ({@code Location} again for a 202 naming an analysis). */
    public static void replay(RoutingContext ctx, StoredResponse stored) {
        replay(ctx, stored, "/v1/analysis/");
    }

    /**
     * Answers a stored response as it was; a 202 gets its {@code Location} again: {@code locationPrefix} and the id
     * the response was recorded with (an analysis, or a batch).
     */
    public static void replay(RoutingContext ctx, StoredResponse stored, String locationPrefix) {
        if (stored.status() == 202 && stored.analysisId() != null) {
            ctx.response().putHeader("Location", locationPrefix + stored.analysisId());
        }
        ctx.response().setStatusCode(stored.status()).putHeader("Content-Type", "application/json")
                .end(Buffer.buffer(stored.body()));
    }
}
