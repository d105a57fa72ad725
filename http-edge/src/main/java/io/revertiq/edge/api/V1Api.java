package io.revertiq.edge.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.request.InvalidArgumentException;
import io.revertiq.edge.idempotency.Claim;
import io.revertiq.edge.idempotency.IdempotencyKeys;
import io.revertiq.edge.idempotency.StoredResponse;
import io.revertiq.edge.metrics.Rejection;
import io.revertiq.edge.tenancy.Admission;
import io.revertiq.edge.tenancy.BearerAuthHandler;
import io.revertiq.edge.tenancy.ErrorResponses;
import io.revertiq.edge.tenancy.Job;
import io.revertiq.edge.tenancy.JobStatus;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.tenancy.Principal;
import io.revertiq.edge.tenancy.RateLimiter;
import io.revertiq.edge.tenancy.Scope;
import io.revertiq.edge.tenancy.TenancyException;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.webhooks.WebhookUrl;
import io.revertiq.edge.webhooks.Webhooks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The /v1 analysis API: {@code POST /v1/analyze}, {@code GET /v1/analysis/{id}} and
 * {@code GET /v1/analysis/{id}/windows}, answered from the {@link AnalysisView} stores, plus the error format and
 * the request id that every response of the edge carries (installed by {@link #install}).
 */
public final class V1Api {
    private static final Logger LOG = LoggerFactory.getLogger(V1Api.class);
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Vert.x's limits of the request line and of all headers together (HttpServerOptions defaults). */
    public static final int MAX_REQUEST_LINE = HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH;
    public static final int MAX_HEADER_BYTES = HttpServerOptions.DEFAULT_MAX_HEADER_SIZE;
    /** The one request id of a request, shared with {@link ErrorResponses} (and so with {@link BearerAuthHandler}). */
    private static final String REQUEST_ID = ErrorResponses.REQUEST_ID;
    private static final String ANALYZE_PATH = "/v1/analyze";
    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** @param syncWait how long a synchronous {@code POST /v1/analyze} waits for the result before answering 202 */
    public record Config(Duration syncWait) {
    }

    private final Vertx vertx;
    private final AnalysisView view;
    private final AnalysisSubmitter submitter;
    private final Config config;
    private final TenancyService tenancy;
    private final JobStore jobs;
    private final Webhooks webhooks;
    private final IdempotencyKeys idempotency;
    private final RateLimiter limiter = new RateLimiter();
    private final OwnerForwarding forwarding;
    /** Tenants of the analyses admitted or read lately: ~100 bytes each, so 100,000 of them cost about 10 MB. */
    private final AnalysisOwners owners = new AnalysisOwners(100_000);
    private final List<RouteGroup> groups = new ArrayList<>();
    private ResultArchive archive = ResultArchive.NONE;
    /** The routing-context key of the caller's job row of the path's analysis, put by {@link #owned}. */
    private static final String JOB = "revertiq.job";
    private BatchApi batches;

    /**
     * @param tenancy     the keys every /v1 route requires ({@code Authorization: Bearer})
     * @param jobs        the job rows: quota admission of a submit, and each analysis's tenant
     * @param webhooks    subscriptions of {@code webhook_url} and the delivery log
     * @param idempotency the {@code Idempotency-Key} records of POSTs
     */
    public V1Api(Vertx vertx, AnalysisView view, AnalysisSubmitter submitter, Config config, TenancyService tenancy,
                 JobStore jobs, Webhooks webhooks, IdempotencyKeys idempotency) {
        this.vertx = vertx;
        this.view = view;
        this.submitter = submitter;
        this.config = config;
        this.tenancy = tenancy;
        this.jobs = jobs;
        this.webhooks = webhooks;
        this.idempotency = idempotency;
        this.forwarding = new OwnerForwarding(vertx, view);
    }

    /** Adds routes that {@link #install} mounts behind this API's guards; call before {@link #install}. */
    public V1Api with(RouteGroup group) {
        groups.add(Objects.requireNonNull(group));
        return this;
    }

    /**
     * Where {@code GET /v1/analysis/{id}[/windows]} find the result of a job the rows say is complete once the view
     * no longer holds it; call before {@link #install}.
     */
    public V1Api archive(ResultArchive archive) {
        this.archive = Objects.requireNonNull(archive);
        return this;
    }

    /** The job row of the path's analysis, once the {@link ApiGuards#owner} check passed. */
    public static Job job(RoutingContext ctx) {
        return Objects.requireNonNull(ctx.get(JOB), "no ownership check ran before this handler");
    }

    /** Also mounts the batch routes, behind the same keys and rate limit. Call before {@link #install}. */
    public V1Api withBatches(BatchApi batchApi) {
        this.batches = batchApi;
        return this;
    }

    /** The request id (echoed, or generated) on every response, and every error in the v1 format. */
    public static void installErrorFormat(Router router) {
        router.route().order(-1000).handler(ctx -> {
            String given = ctx.request().getHeader(REQUEST_ID_HEADER);
            String id = given != null && CLIENT_REQUEST_ID.matcher(given).matches()
                    ? given : "req_" + UUID.randomUUID().toString().replace("-", "");
            ctx.put(REQUEST_ID, id);
            ctx.response().putHeader(REQUEST_ID_HEADER, id);
            ctx.next();
        });
        // Vert.x Web's own 400: a query string or path that cannot be decoded (a bad %-escape, invalid UTF-8)
        router.errorHandler(400, ctx -> error(ctx, ApiException.invalid(null, "the request target cannot be decoded",
                "percent-encode reserved characters and send UTF-8 (e.g. %C3%A9)")));
        router.errorHandler(404, ctx -> error(ctx, new ApiException(404, "NOT_FOUND",
                "no resource at " + ctx.request().path(), null, "see the API paths in the README")));
        router.errorHandler(405, ctx -> error(ctx, new ApiException(405, "METHOD_NOT_ALLOWED",
                ctx.request().method() + " is not allowed on " + ctx.request().path(), null,
                "see the API paths in the README")));
        router.errorHandler(413, ctx -> error(ctx, new ApiException(413, "PAYLOAD_TOO_LARGE",
                "the request body is larger than " + MAX_BODY_BYTES + " bytes", null, "send at most 64 KB")));
        router.errorHandler(500, V1Api::failure);
    }

    /**
     * Answers a request that is not valid HTTP/1.1 (the server's {@code invalidRequestHandler}; no route sees it): 414
     * for a request line over {@value #MAX_REQUEST_LINE} bytes, 431 for headers over {@value #MAX_HEADER_BYTES} bytes, else
     * 400 (e.g. a control character in a header), in the v1 format, then closes the connection, whose stream cannot be
     * trusted any more.
     */
    public static void refuseUndecodable(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        ApiException refusal;
        if (cause instanceof TooLongHttpLineException) {
            refusal = new ApiException(414, "INVALID_ARGUMENT", "the request line is longer than " + MAX_REQUEST_LINE
                    + " bytes", null, "shorten the path and query");
        } else if (cause instanceof TooLongHttpHeaderException) {
            refusal = new ApiException(431, "INVALID_ARGUMENT", "the request headers are larger than " + MAX_HEADER_BYTES
                    + " bytes", null, "send fewer or shorter headers");
        } else {
            // the decoder's own message may quote header values (a key, say), so it goes nowhere
            refusal = ApiException.invalid(null, "the request is not valid HTTP/1.1",
                    "header values are visible ASCII and spaces: no control characters");
        }
        String id = "req_" + UUID.randomUUID().toString().replace("-", "");
        request.response().setStatusCode(refusal.status()).putHeader(REQUEST_ID_HEADER, id)
                .putHeader("Content-Type", "application/json").putHeader("Connection", "close")
                .end(errorBody(refusal, id)).onComplete(sent -> request.connection().close());
    }

    /** Mounts the /v1 routes. */
    public void install(Router router) {
        BearerAuthHandler write = new BearerAuthHandler(tenancy, limiter, Scope.ANALYSES_WRITE);
        BearerAuthHandler read = new BearerAuthHandler(tenancy, limiter, Scope.ANALYSES_READ);
        router.post(ANALYZE_PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .handler(write).handler(V1Api::requireJson).handler(this::analyze);
        router.get("/v1/analysis/:id").handler(read)
                .handler(ctx -> heldResult(ctx, result -> json(ctx, 200, Buffer.buffer(result))))
                .handler(ctx -> owned(ctx, RoutingContext::next)).handler(forwarding).handler(this::analysis);
        router.get("/v1/analysis/:id/windows").handler(read)
                .handler(ctx -> heldResult(ctx, result -> windows(ctx, ctx.pathParam("id"),
                        WindowsQuery.parse(ctx.request()::getParam), result)))
                .handler(ctx -> owned(ctx, RoutingContext::next)).handler(forwarding).handler(this::windows);
        // the delivery log is in Postgres and the route groups read shared storage: no forwarding
        router.get("/v1/analysis/:id/webhooks").handler(read).handler(ctx -> owned(ctx, this::webhookLog));
        ApiGuards guards = new ApiGuards(read, ctx -> owned(ctx, RoutingContext::next));
        groups.forEach(group -> group.install(router, guards));
        if (batches != null) {
            batches.install(router, write, read);
        }
    }

    /**
     * The hot path of reads: a complete analysis that this instance's view holds, read by the tenant the owner cache
     * names, is answered by {@code answer} without the job row; anything else goes on to the ownership check.
     */
    private void heldResult(RoutingContext ctx, Consumer<byte[]> answer) {
        String id = ctx.pathParam("id");
        Optional<UUID> owner = AnalysisSubmitter.isAnalysisId(id) ? owners.tenantOf(id) : Optional.empty();
        if (owner.isEmpty() || !owner.get().equals(BearerAuthHandler.principal(ctx).tenant().id())) {
            ctx.next();
            return;
        }
        Optional<byte[]> result;
        try {
            result = view.resultJson(id);
        } catch (ApiException notQueryable) {
            result = Optional.empty(); // the slow path says why
        }
        if (result.isPresent()) {
            answer.accept(result.get());
        } else {
            ctx.next();
        }
    }

    /** Runs {@code then} when the job row of the path's id belongs to the caller's tenant, else 404 as for an unknown id. */
    private void owned(RoutingContext ctx, io.vertx.core.Handler<RoutingContext> then) {
        String id = ctx.pathParam("id");
        if (!AnalysisSubmitter.isAnalysisId(id)) {
            throw unknown(id); // nothing to look up (and no text PostgreSQL refuses, such as NUL)
        }
        Principal principal = BearerAuthHandler.principal(ctx);
        jobs.find(id).onComplete(found -> {
            try {
                if (found.failed()) {
                    LOG.warn("request {}: cannot read the job of {}", ctx.get(REQUEST_ID), id, found.cause());
                    throw unavailable();
                }
                if (found.result().isEmpty()) {
                    throw unknown(id);
                }
                owners.remember(id, found.result().get().tenantId());
                if (!found.result().get().tenantId().equals(principal.tenant().id())) {
                    throw unknown(id);
                }
                ctx.put(JOB, found.result().get());
                then.handle(ctx);
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    private static ApiException unavailable() {
        return new ApiException(503, "UNAVAILABLE", "the tenant database does not answer", null, "retry with backoff");
    }

    static void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json, got "
                    + (type == null ? "none" : "'" + type + "'"), null, "send the request as application/json");
        }
        ctx.next();
    }

    private void analyze(RoutingContext ctx) {
        Optional<String> key = IdempotentPosts.key(ctx);
        ParsedRequest request = parse(ctx.body().buffer());
        URI webhookUrl = webhookUrl(webhooks, request.webhookUrl());
        IdempotentPosts.handle(idempotency, ctx, key, ANALYZE_PATH, request.canonical(), new IdempotentPosts.Outcomes() {
            @Override
            public void run(Claim.Owned owned) {
                admit(ctx, request, webhookUrl, owned);
            }

            @Override
            public void replay(StoredResponse response) {
                V1Api.this.replay(ctx, response);
            }

            @Override
            public void attach(String analysisId) {
                answer(ctx, analysisId, request.async ? null : awaitOutcome(ctx, analysisId), null);
            }
        });
    }

    /** Quota admission, then the submit; {@code owned} (null without Idempotency-Key) records the response. */
    private void admit(RoutingContext ctx, ParsedRequest request, URI webhookUrl, Claim.Owned owned) {
        String analysisId = AnalysisSubmitter.newAnalysisId();
        Principal principal = BearerAuthHandler.principal(ctx);
        AnalysisParams.Horizon horizon = request.params.horizon();
        jobs.admit(principal.tenant().id(), analysisId, horizon.start(), horizon.end()).onComplete(admission -> {
            try {
                if (admission.failed()) {
                    if (admission.cause() instanceof TenancyException) {
                        throw new IllegalStateException("admission of " + analysisId + " failed", admission.cause());
                    }
                    LOG.warn("request {}: cannot admit {}", ctx.get(REQUEST_ID), analysisId, admission.cause());
                    throw unavailable();
                }
                if (admission.result() instanceof Admission.Refused refused) {
                    throw refusal(ctx, refused);
                }
                owners.remember(analysisId, principal.tenant().id());
                if (webhookUrl == null) {
                    submit(ctx, request, analysisId, owned);
                } else {
                    subscribeThenSubmit(ctx, request, analysisId, webhookUrl, owned);
                }
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /** {@code raw} (or null) as a webhook URL, or the v1 error naming {@code webhook_url}. */
    static URI webhookUrl(Webhooks webhooks, String raw) {
        try {
            return raw == null ? null : webhooks.parseUrl(raw);
        } catch (WebhookUrl.Invalid e) {
            throw ApiException.invalid("webhook_url", e.getMessage(), e.hint());
        }
    }

    /** The subscription is recorded before the request is queued, so the analysis cannot end before it exists. */
    private void subscribeThenSubmit(RoutingContext ctx, ParsedRequest request, String analysisId, URI webhookUrl,
                                     Claim.Owned owned) {
        webhooks.subscribe(analysisId, webhookUrl).onComplete(subscribed -> {
            if (subscribed.succeeded()) {
                submit(ctx, request, analysisId, owned);
                return;
            }
            LOG.warn("request {}: cannot record the webhook of {}", ctx.get(REQUEST_ID), analysisId, subscribed.cause());
            // never queued: free the concurrency slot the admission took
            jobs.updateStatus(analysisId, JobStatus.FAILED, 0, "the webhook could not be recorded")
                    .onFailure(f -> LOG.warn("cannot mark job {} failed", analysisId, f));
            ctx.fail(unavailable());
        });
    }

    private void webhookLog(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        webhooks.log(id).onComplete(log -> {
            if (log.failed()) {
                LOG.warn("request {}: cannot read the webhook log of {}", ctx.get(REQUEST_ID), id, log.cause());
                ctx.fail(unavailable());
                return;
            }
            json(ctx, 200, Buffer.buffer(log.result().encode()));
        });
    }

    /**
     * A replay of a finished request with the same key: its stored response, or for a synchronous 200 with the full
     * result, the result again from the result store (deterministic, so the same bytes), waited for as the original
     * request would if the store does not have it.
     */
    private void replay(RoutingContext ctx, StoredResponse stored) {
        if (stored.body() != null) {
            IdempotentPosts.replay(ctx, stored);
            return;
        }
        Optional<byte[]> result = view.resultJson(stored.analysisId());
        if (result.isPresent()) {
            json(ctx, 200, Buffer.buffer(result.get()));
        } else {
            answer(ctx, stored.analysisId(), awaitOutcome(ctx, stored.analysisId()), null);
        }
    }

    /** A plan limit as the v1 error: the horizon is the request's fault (400), quotas are 429 (daily: Retry-After). */
    private static ApiException refusal(RoutingContext ctx, Admission.Refused refused) {
        Rejection.mark(ctx, switch (refused.reason()) {
            case HORIZON -> Rejection.HORIZON;
            case DAILY_QUOTA -> Rejection.DAILY_QUOTA;
            case CONCURRENCY -> Rejection.CONCURRENCY;
        });
        return switch (refused.reason()) {
            case HORIZON -> ApiException.invalid("horizon", "the horizon is longer than the plan's limit of "
                    + refused.limit() + " years", "shorten the horizon to at most " + refused.limit()
                    + " years, or move to a plan with a longer one");
            case DAILY_QUOTA -> {
                Instant resetAt = refused.resetAt();
                long seconds = resetAt == null ? 60
                        : Math.max(1, Duration.between(Instant.now(), resetAt).toSeconds() + 1);
                ctx.response().putHeader("Retry-After", Long.toString(seconds));
                yield new ApiException(429, "RESOURCE_EXHAUSTED", refused.message(), null,
                        "the daily quota of " + refused.limit() + " analyses resets at " + resetAt
                                + "; retry after " + seconds + " s");
            }
            case CONCURRENCY -> new ApiException(429, "RESOURCE_EXHAUSTED", refused.message(), null,
                    "wait until one of your analyses is complete or failed (GET /v1/analysis/{id}), then retry");
        };
    }

    private void submit(RoutingContext ctx, ParsedRequest request, String analysisId, Claim.Owned owned) {
        // registered before the submit, so a result that is ready at once (the result cache) is not missed
        CompletableFuture<AnalysisView.Outcome> outcome = request.async ? null : awaitOutcome(ctx, analysisId);
        vertx.executeBlocking(() -> {
            submitter.submit(analysisId, request.params);
            return null;
        }, false).onFailure(e -> {
            if (outcome != null) {
                view.forget(analysisId, outcome);
            }
            // never queued: free the concurrency slot the admission took
            jobs.updateStatus(analysisId, JobStatus.FAILED, 0, "the request could not be queued")
                    .onFailure(f -> LOG.warn("cannot mark job {} failed", analysisId, f));
            if (e instanceof TimeoutException) {
                error(ctx, new ApiException(504, "DEADLINE_EXCEEDED", "the request could not be queued: "
                        + e.getMessage(), null, "retry later"));
            } else {
                ctx.fail(e);
            }
        }).onSuccess(v -> {
            if (owned != null) {
                idempotency.bind(owned, analysisId).onFailure(e ->
                        LOG.warn("request {}: cannot bind its Idempotency-Key to {}", ctx.get(REQUEST_ID), analysisId, e));
            }
            answer(ctx, analysisId, outcome, owned);
        });
    }

    /**
     * The outcome of {@code analysisId} for a synchronous answer: from this instance's view, or, when another instance
     * holds the id, from that instance (polled until the sync wait ends).
     */
    private CompletableFuture<AnalysisView.Outcome> awaitOutcome(RoutingContext ctx, String analysisId) {
        return view.remoteOwner(analysisId)
                .map(owner -> forwarding.awaitOutcome(ctx, analysisId, owner, config.syncWait()))
                .orElseGet(() -> view.await(analysisId));
    }

    /**
     * Answers for a queued analysis: 202 at once when {@code outcome} is null (async), else 200 with the result or the
     * failed status when it arrives within the sync wait, 202 when the wait ends first. {@code owned} (or null) records
     * the response for replays before it is sent.
     */
    private void answer(RoutingContext ctx, String analysisId, CompletableFuture<AnalysisView.Outcome> outcome,
                        Claim.Owned owned) {
        if (outcome == null) {
            accepted(ctx, analysisId, owned);
            return;
        }
        long timer = vertx.setTimer(Math.max(1, config.syncWait().toMillis()), t -> {
            view.forget(analysisId, outcome);
            accepted(ctx, analysisId, owned);
        });
        Future.fromCompletionStage(outcome, vertx.getOrCreateContext()).onSuccess(done -> {
            if (!vertx.cancelTimer(timer)) {
                return; // the wait ended first and answered 202
            }
            if (done.resultJson() != null) {
                // the result is kept by the result store, so the record holds only its id
                respond(ctx, owned, new StoredResponse(200, null, analysisId), Buffer.buffer(done.resultJson()));
            } else {
                String failed = done.failedStatus().encode();
                respond(ctx, owned, new StoredResponse(200, failed, analysisId), Buffer.buffer(failed));
            }
        });
    }

    /**
     * 202 once this instance's view knows the id (read-your-writes for the Location), at most 5 s later; at once when
     * another instance holds the id (its view learns of it within moments).
     */
    private void accepted(RoutingContext ctx, String analysisId, Claim.Owned owned) {
        if (view.remoteOwner(analysisId).isPresent()) {
            respondAccepted(ctx, analysisId, owned);
            return;
        }
        Future.fromCompletionStage(view.awaitKnown(analysisId, Duration.ofSeconds(5)),
                vertx.getOrCreateContext()).onComplete(known -> respondAccepted(ctx, analysisId, owned));
    }

    private void respondAccepted(RoutingContext ctx, String analysisId, Claim.Owned owned) {
        String status;
        try {
            status = view.status(analysisId).map(s -> s.getString("status")).orElse("queued");
        } catch (ApiException notQueryable) {
            status = "queued"; // it was acknowledged by Kafka; the view merely cannot be read this instant
        }
        ctx.response().putHeader("Location", "/v1/analysis/" + analysisId);
        String body = new JsonObject().put("analysis_id", analysisId).put("status", status).encode();
        respond(ctx, owned, new StoredResponse(202, body, analysisId), Buffer.buffer(body));
    }

    /** Records {@code stored} for the key's replays (when the request has one), then sends {@code body}. */
    private void respond(RoutingContext ctx, Claim.Owned owned, StoredResponse stored, Buffer body) {
        Future<Boolean> recorded = owned == null ? Future.succeededFuture(true) : idempotency.complete(owned, stored)
                .onFailure(e -> LOG.warn("request {}: cannot record its response for Idempotency-Key replays",
                        ctx.get(REQUEST_ID), e));
        recorded.onComplete(r -> {
            if (!ctx.response().ended() && !ctx.response().closed()) {
                json(ctx, stored.status(), body);
            }
        });
    }

    private void analysis(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        result(ctx, id, result -> {
            if (result.isPresent()) {
                json(ctx, 200, Buffer.buffer(result.get()));
                return;
            }
            if (job(ctx).status() == JobStatus.COMPLETE && view.status(id).isEmpty()) {
                throw noResult(ctx, id);
            }
            JsonObject status = view.status(id).orElseGet(() -> JobRowStatus.of(job(ctx)));
            json(ctx, 200, Buffer.buffer(status.encode()));
        });
    }

    /**
     * The result from the view, else, for a job the rows say is complete, from the archive (the view's stores
     * expire, the archive keeps every analysis), read off the event loop; {@code then} runs on the event loop.
     */
    private void result(RoutingContext ctx, String id, Consumer<Optional<byte[]>> then) {
        Optional<byte[]> held = view.resultJson(id);
        if (held.isPresent() || job(ctx).status() != JobStatus.COMPLETE) {
            then.accept(held);
            return;
        }
        vertx.executeBlocking(() -> archive.resultJson(id), false).onComplete(read -> {
            try {
                if (read.failed()) {
                    throw new IllegalStateException("cannot read the archived result of " + id, read.cause());
                }
                then.accept(read.result());
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    private void windows(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        WindowsQuery query = WindowsQuery.parse(ctx.request()::getParam);
        result(ctx, id, stored -> windows(ctx, id, query, stored.orElseThrow(() -> noResult(ctx, id))));
    }

    private ApiException noResult(RoutingContext ctx, String id) {
        if (job(ctx).status() == JobStatus.COMPLETE) {
            return ApiException.notFound("the result of analysis " + id + " is no longer stored",
                    "submit the request again");
        }
        String status = view.status(id).orElseGet(() -> JobRowStatus.of(job(ctx))).getString("status");
        return ApiException.notFound("analysis " + id + " has no result yet (status " + status + ")",
                "wait until GET /v1/analysis/" + id + " is complete");
    }

    private void windows(RoutingContext ctx, String id, WindowsQuery query, byte[] result) {
        JsonNode ranked;
        try {
            ranked = JSON.readTree(result).path("windows_ranked");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored result of " + id + " is not JSON", e);
        }
        WindowsQuery.Page page = query.apply(ranked);
        ObjectNode body = JSON.createObjectNode().put("analysis_id", id);
        body.set("windows", page.windows());
        ctx.response().putHeader("X-Page", Integer.toString(query.page()))
                .putHeader("X-Per-Page", Integer.toString(query.perPage()))
                .putHeader("X-Total", Integer.toString(page.total()));
        json(ctx, 200, Buffer.buffer(body.toString()));
    }

    private static ApiException unknown(String id) {
        return ApiException.notFound("no analysis with id '" + id + "'",
                "use the analysis_id that POST /v1/analyze returned");
    }

    /** @param webhookUrl as sent (validated by {@link Webhooks#parseUrl}), or null */
    record ParsedRequest(AnalysisParams params, boolean async, String webhookUrl) {
        /** The request after parsing, equal for equal requests whatever their whitespace, key order or defaults. */
        String canonical() {
            return "{\"async\":" + async + ",\"webhook_url\":" + Json.encode(webhookUrl)
                    + ",\"request\":" + RequestParser.canonicalJson(params) + "}";
        }
    }

    /**
     * The body as a v1 request: one JSON object; {@code async} (optional boolean) and {@code webhook_url} (optional
     * string) taken out, since they say how to answer rather than what to analyse (so they never change the request
     * fingerprint); the rest parsed.
     */
    static ParsedRequest parse(Buffer body) {
        ObjectNode root = JsonBody.object(body);
        boolean async = false;
        JsonNode asyncNode = root.remove("async");
        if (asyncNode != null && !asyncNode.isNull()) {
            if (!asyncNode.isBoolean()) {
                throw ApiException.invalid("async", "async must be true or false", "true answers 202 at once");
            }
            async = asyncNode.booleanValue();
        }
        String webhookUrl = null;
        JsonNode webhookNode = root.remove("webhook_url");
        if (webhookNode != null && !webhookNode.isNull()) {
            if (!webhookNode.isTextual()) {
                throw ApiException.invalid("webhook_url", "webhook_url must be a string",
                        "an absolute https URL to POST the analysis.complete or analysis.failed event to");
            }
            webhookUrl = webhookNode.textValue();
        }
        try {
            return new ParsedRequest(RequestParser.parse(root), async, webhookUrl);
        } catch (InvalidArgumentException e) {
            throw ApiException.invalid(e.field() == null || e.field().isEmpty() ? null : e.field(), e.getMessage(),
                    e.hint());
        }
    }

    private static void json(RoutingContext ctx, int status, Buffer body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }

    /** A failure of any route: an {@link ApiException} as itself, anything else as INTERNAL without details. */
    private static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiException api) {
            error(ctx, api);
            return;
        }
        LOG.error("request {} {} ({}) failed", ctx.request().method(), ctx.request().path(), ctx.get(REQUEST_ID),
                failure);
        error(ctx, new ApiException(500, "INTERNAL", "internal error; quote the request_id when reporting it", null,
                null));
    }

    static void error(RoutingContext ctx, ApiException e) {
        if (ctx.response().ended()) {
            return;
        }
        // a target that is not a path (e.g. "*") fails before any route, so before the request id was assigned
        String requestId = ErrorResponses.requestId(ctx);
        ctx.response().headers().set(REQUEST_ID_HEADER, requestId);
        json(ctx, e.status(), errorBody(e, requestId));
    }

    private static Buffer errorBody(ApiException e, String requestId) {
        JsonObject error = new JsonObject().put("code", e.code()).put("message", e.getMessage())
                .put("field", e.field()).put("hint", e.hint());
        return Buffer.buffer(new JsonObject().put("error", error).put(REQUEST_ID, requestId).encode());
    }
}
