package io.revertiq.edge.api;

import io.revertiq.edge.batch.BatchAdmission;
import io.revertiq.edge.batch.BatchConfig;
import io.revertiq.edge.batch.BatchScheduler;
import io.revertiq.edge.batch.BatchStore;
import io.revertiq.edge.idempotency.Claim;
import io.revertiq.edge.idempotency.IdempotencyKeys;
import io.revertiq.edge.idempotency.StoredResponse;
import io.revertiq.edge.tenancy.BearerAuthHandler;
import io.revertiq.edge.tenancy.ErrorResponses;
import io.revertiq.edge.tenancy.Principal;
import io.revertiq.edge.webhooks.Webhooks;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch analyses under /v1: {@code POST /v1/batch/analyze} (always asynchronous: 202 with the batch and its analysis ids)
 * and {@code GET /v1/batch/{id}} (the batch from its job rows). A batch is admitted all or nothing against the daily
 * quota; its items beyond the free concurrent slots wait for the {@link BatchScheduler}. Mounted by {@link V1Api}, so
 * it shares its keys, rate limit and error format.
 */
public final class BatchApi {
    private static final Logger LOG = LoggerFactory.getLogger(BatchApi.class);
    static final String BATCH_PATH = "/v1/batch/analyze";
    private static final String BATCH_LOCATION = "/v1/batch/";
    /** A full batch of spelled-out requests is a few hundred KB; 1 MB leaves room without inviting abuse. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final BatchStore store;
    private final BatchScheduler scheduler;
    private final Webhooks webhooks;
    private final IdempotencyKeys idempotency;
    private final BatchConfig config;

    public BatchApi(BatchStore store, BatchScheduler scheduler, Webhooks webhooks, IdempotencyKeys idempotency,
                    BatchConfig config) {
        this.store = store;
        this.scheduler = scheduler;
        this.webhooks = webhooks;
        this.idempotency = idempotency;
        this.config = config;
    }

    /** Mounts the batch routes behind {@code write} (the POST) and {@code read} (the GET). */
    void install(Router router, BearerAuthHandler write, BearerAuthHandler read) {
        router.post(BATCH_PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .failureHandler(BatchApi::tooLarge)
                .handler(write).handler(V1Api::requireJson).handler(this::submit);
        // the batch path is not a batch id: GET on it is a method the path does not allow
        router.get(BATCH_PATH).handler(ctx -> ctx.fail(405));
        router.get(BATCH_LOCATION + ":id").handler(read).handler(this::batch);
    }

    /** The body limit of this route, in the v1 format with this route's number. */
    private static void tooLarge(RoutingContext ctx) {
        if (ctx.statusCode() != 413) {
            ctx.next();
            return;
        }
        V1Api.error(ctx, new ApiException(413, "PAYLOAD_TOO_LARGE", "the request body is larger than " + MAX_BODY_BYTES
                + " bytes", null, "send at most 1 MB: fewer requests per batch"));
    }

    private void submit(RoutingContext ctx) {
        Optional<String> key = IdempotentPosts.key(ctx);
        BatchRequest request = BatchRequest.parse(ctx.body().buffer(), config.maxItems());
        URI webhookUrl = V1Api.webhookUrl(webhooks, request.webhookUrl());
        IdempotentPosts.handle(idempotency, ctx, key, BATCH_PATH, request.canonical(), new IdempotentPosts.Outcomes() {
            @Override
            public void run(Claim.Owned owned) {
                admit(ctx, request, webhookUrl, owned);
            }

            @Override
            public void replay(StoredResponse response) {
                IdempotentPosts.replay(ctx, response, BATCH_LOCATION);
            }

            @Override
            public void attach(String batchId) {
                // the first request's batch exists (bound) and is still being answered: answer it as it is now
                accepted(ctx, batchId, null);
            }
        });
    }

    /** Admission (all or nothing), then the submits of the jobs it promoted, then 202. */
    private void admit(RoutingContext ctx, BatchRequest request, URI webhookUrl, Claim.Owned owned) {
        String batchId = BatchStore.newBatchId();
        Principal principal = BearerAuthHandler.principal(ctx);
        store.admit(principal.tenant().id(), batchId, request.name(), webhookUrl, request.requests()).onComplete(admission -> {
            try {
                if (admission.failed()) {
                    LOG.warn("request {}: cannot admit batch {}", ctx.get(ErrorResponses.REQUEST_ID), batchId,
                            admission.cause());
                    throw unavailable();
                }
                if (!(admission.result() instanceof BatchAdmission.Admitted admitted)) {
                    throw refusal(ctx, admission.result());
                }
                if (owned != null) {
                    idempotency.bind(owned, batchId).onFailure(e -> LOG.warn("request {}: cannot bind its "
                            + "Idempotency-Key to {}", ctx.get(ErrorResponses.REQUEST_ID), batchId, e));
                }
                // the batch exists whatever the submits do: a job Kafka did not take is failed, and shown so
                scheduler.submit(admitted.promoted()).onComplete(submitted -> accepted(ctx, batchId, owned));
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /** 202 with the batch as it is now and its Location; {@code owned} (or null) records it for replays first. */
    private void accepted(RoutingContext ctx, String batchId, Claim.Owned owned) {
        Principal principal = BearerAuthHandler.principal(ctx);
        store.find(batchId, principal.tenant().id()).onComplete(found -> {
            if (found.failed() || found.result().isEmpty()) {
                LOG.warn("request {}: cannot read batch {}", ctx.get(ErrorResponses.REQUEST_ID), batchId, found.cause());
                ctx.fail(unavailable());
                return;
            }
            String body = found.result().get().summaryJson().encode();
            ctx.response().putHeader("Location", BATCH_LOCATION + batchId);
            Future<Boolean> recorded = owned == null ? Future.succeededFuture(true)
                    : idempotency.complete(owned, new StoredResponse(202, body, batchId)).onFailure(e -> LOG.warn(
                    "request {}: cannot record its response for Idempotency-Key replays",
                    ctx.get(ErrorResponses.REQUEST_ID), e));
            recorded.onComplete(r -> {
                if (!ctx.response().ended() && !ctx.response().closed()) {
                    ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json").end(body);
                }
            });
        });
    }

    /** The plan limit that refused the whole batch: an item's horizon is 400, the daily quota 429 with Retry-After. */
    private static ApiException refusal(RoutingContext ctx, BatchAdmission refused) {
        if (refused instanceof BatchAdmission.HorizonTooLong horizon) {
            return ApiException.invalid("requests[" + horizon.index() + "].horizon", "the horizon of requests["
                    + horizon.index() + "] is longer than the plan's limit of " + horizon.maxYears() + " years",
                    "shorten it to at most " + horizon.maxYears() + " years, or move to a plan with a longer one; "
                            + "nothing of the batch was admitted");
        }
        BatchAdmission.DailyQuotaExceeded quota = (BatchAdmission.DailyQuotaExceeded) refused;
        long seconds = Math.max(1, Duration.between(Instant.now(), quota.resetAt()).toSeconds() + 1);
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        return new ApiException(429, "RESOURCE_EXHAUSTED", "the batch has " + quota.requested() + " analyses but only "
                + quota.left() + " of the plan's " + quota.perDay() + " analyses per day are left today; nothing was "
                + "admitted", null, "send at most " + quota.left() + " analyses now, or the rest after the quota resets at "
                + quota.resetAt() + " (in " + seconds + " s)");
    }

    private void batch(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (!BatchStore.isBatchId(id)) {
            throw unknown(id); // nothing to look up (and no text PostgreSQL refuses, such as NUL)
        }
        store.find(id, BearerAuthHandler.principal(ctx).tenant().id()).onComplete(found -> {
            if (found.failed()) {
                LOG.warn("request {}: cannot read batch {}", ctx.get(ErrorResponses.REQUEST_ID), id, found.cause());
                ctx.fail(unavailable());
                return;
            }
            if (found.result().isEmpty()) {
                ctx.fail(unknown(id));
                return;
            }
            ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end(found.result().get().toJson().encode());
        });
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("no batch with id '" + id + "'", "use the batch_id that POST /v1/batch/analyze returned");
    }

    private static ApiException unavailable() {
        return new ApiException(503, "UNAVAILABLE", "the tenant database does not answer", null, "retry with backoff");
    }
}
