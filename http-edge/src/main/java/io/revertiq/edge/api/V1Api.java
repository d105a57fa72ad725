package io.revertiq.edge.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.request.InvalidArgumentException;
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
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
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
    /** The one request id of a request, shared with {@link ErrorResponses} (and so with {@link BearerAuthHandler}). */
    private static final String REQUEST_ID = ErrorResponses.REQUEST_ID;
    /** Tenants of the analyses read lately: ~100 bytes each, so 100,000 of them cost about 10 MB. */
    private static final int OWNERS_CACHED = 100_000;
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
    private final RateLimiter limiter = new RateLimiter();
    private final AnalysisOwners owners = new AnalysisOwners(OWNERS_CACHED);

    /**
     * @param tenancy the keys every /v1 route requires ({@code Authorization: Bearer})
     * @param jobs    the job rows: quota admission of a submit, and each analysis's tenant
     */
    public V1Api(Vertx vertx, AnalysisView view, AnalysisSubmitter submitter, Config config, TenancyService tenancy,
                 JobStore jobs) {
        this.vertx = vertx;
        this.view = view;
        this.submitter = submitter;
        this.config = config;
        this.tenancy = tenancy;
        this.jobs = jobs;
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
        router.errorHandler(404, ctx -> error(ctx, new ApiException(404, "NOT_FOUND",
                "no resource at " + ctx.request().path(), null, "see the API paths in the README")));
        router.errorHandler(405, ctx -> error(ctx, new ApiException(405, "METHOD_NOT_ALLOWED",
                ctx.request().method() + " is not allowed on " + ctx.request().path(), null,
                "see the API paths in the README")));
        router.errorHandler(413, ctx -> error(ctx, new ApiException(413, "PAYLOAD_TOO_LARGE",
                "the request body is larger than " + MAX_BODY_BYTES + " bytes", null, "send at most 64 KB")));
        router.errorHandler(500, V1Api::failure);
    }

    /** Mounts the /v1 routes. */
    public void install(Router router) {
        BearerAuthHandler write = new BearerAuthHandler(tenancy, limiter, Scope.ANALYSES_WRITE);
        BearerAuthHandler read = new BearerAuthHandler(tenancy, limiter, Scope.ANALYSES_READ);
        router.post("/v1/analyze").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                .handler(write).handler(V1Api::requireJson).handler(this::analyze);
        router.get("/v1/analysis/:id").handler(read).handler(ctx -> owned(ctx, this::analysis));
        router.get("/v1/analysis/:id/windows").handler(read).handler(ctx -> owned(ctx, this::windows));
    }

    /**
     * Runs {@code then} when the job row of the path's id belongs to the caller's tenant, else 404 as for an unknown
     * id. The owner of a recently used id is known without a database round trip ({@link AnalysisOwners}).
     */
    private void owned(RoutingContext ctx, io.vertx.core.Handler<RoutingContext> then) {
        String id = ctx.pathParam("id");
        UUID caller = BearerAuthHandler.principal(ctx).tenant().id();
        Optional<UUID> known = owners.tenantOf(id);
        if (known.isPresent()) {
            if (!known.get().equals(caller)) {
                throw unknown(id);
            }
            then.handle(ctx);
            return;
        }
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
                if (!found.result().get().tenantId().equals(caller)) {
                    throw unknown(id);
                }
                then.handle(ctx);
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    private static ApiException unavailable() {
        return new ApiException(503, "UNAVAILABLE", "the tenant database does not answer", null, "retry with backoff");
    }

    private static void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json, got "
                    + (type == null ? "none" : "'" + type + "'"), null, "send the request as application/json");
        }
        ctx.next();
    }

    private void analyze(RoutingContext ctx) {
        ParsedRequest request = parse(ctx.body().buffer());
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
                submit(ctx, request, analysisId);
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /** A plan limit as the v1 error: the horizon is the request's fault (400), quotas are 429 (daily: Retry-After). */
    private static ApiException refusal(RoutingContext ctx, Admission.Refused refused) {
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

    private void submit(RoutingContext ctx, ParsedRequest request, String analysisId) {
        Future<AnalysisView.Outcome> outcome = request.async ? null
                : Future.fromCompletionStage(view.await(analysisId), vertx.getOrCreateContext());
        vertx.executeBlocking(() -> {
            submitter.submit(analysisId, request.params);
            return null;
        }, false).onFailure(e -> {
            view.forget(analysisId);
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
            if (outcome == null) {
                accepted(ctx, analysisId);
                return;
            }
            long timer = vertx.setTimer(Math.max(1, config.syncWait().toMillis()), t -> {
                view.forget(analysisId);
                if (!ctx.response().ended()) {
                    accepted(ctx, analysisId);
                }
            });
            outcome.onSuccess(done -> {
                vertx.cancelTimer(timer);
                if (ctx.response().ended()) {
                    return;
                }
                if (done.resultJson() != null) {
                    json(ctx, 200, Buffer.buffer(done.resultJson()));
                } else {
                    json(ctx, 200, Buffer.buffer(done.failedStatus().encode()));
                }
            });
        });
    }

    /** 202 once this instance's view knows the id (read-your-writes for the Location), at most 5 s later. */
    private void accepted(RoutingContext ctx, String analysisId) {
        Future.fromCompletionStage(view.awaitKnown(analysisId, Duration.ofSeconds(5)),
                vertx.getOrCreateContext()).onComplete(known -> respondAccepted(ctx, analysisId));
    }

    private void respondAccepted(RoutingContext ctx, String analysisId) {
        if (ctx.response().ended()) {
            return;
        }
        String status;
        try {
            status = view.status(analysisId).map(s -> s.getString("status")).orElse("queued");
        } catch (ApiException notQueryable) {
            status = "queued"; // it was acknowledged by Kafka; the view merely cannot be read this instant
        }
        ctx.response().putHeader("Location", "/v1/analysis/" + analysisId);
        json(ctx, 202, Buffer.buffer(new JsonObject().put("analysis_id", analysisId).put("status", status).encode()));
    }

    private void analysis(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<byte[]> result = view.resultJson(id);
        if (result.isPresent()) {
            json(ctx, 200, Buffer.buffer(result.get()));
            return;
        }
        Optional<JsonObject> status = view.status(id);
        if (status.isPresent()) {
            json(ctx, 200, Buffer.buffer(status.get().encode()));
            return;
        }
        jobs.find(id).onComplete(found -> {
            try {
                if (found.failed() || found.result().isEmpty()) {
                    LOG.warn("request {}: cannot read the job of {}", ctx.get(REQUEST_ID), id, found.cause());
                    throw unavailable();
                }
                json(ctx, 200, Buffer.buffer(notSeenYet(found.result().get()).encode()));
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /**
     * An admitted analysis whose first status has not reached this instance's view yet (a 202 waits for it at most
     * 5 s, and a loaded view can lag longer): queued, as its job row says, rather than an unknown id.
     */
    private static JsonObject notSeenYet(Job job) {
        if (job.status() != JobStatus.QUEUED) {
            throw new ApiException(503, "UNAVAILABLE", "the analysis view has not caught up with " + job.analysisId(),
                    null, "retry in a few seconds");
        }
        return new JsonObject().put("analysis_id", job.analysisId()).put("status", JobStatus.QUEUED.id())
                .put("updated_at", job.updatedAt().toString());
    }

    private void windows(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        WindowsQuery query = WindowsQuery.parse(ctx.request()::getParam);
        byte[] result = view.resultJson(id).orElseThrow(() -> view.status(id)
                .map(s -> ApiException.notFound("analysis " + id + " has no result yet (status "
                        + s.getString("status") + ")", "wait until GET /v1/analysis/" + id + " is complete"))
                .orElseGet(() -> unknown(id)));
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

    private record ParsedRequest(AnalysisParams params, boolean async) {
    }

    /** The body as a v1 request: one JSON object, {@code async} (optional boolean) taken out, the rest parsed. */
    static ParsedRequest parse(Buffer body) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? new byte[0] : body.getBytes());
        } catch (JsonProcessingException e) {
            throw ApiException.invalid(null, "request is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"), "send one JSON object");
        } catch (java.io.IOException e) {
            throw ApiException.invalid(null, "request cannot be read: " + e.getMessage(), "send one JSON object");
        }
        if (root == null || root.isMissingNode()) {
            throw ApiException.invalid(null, "request body is empty", "send one JSON object");
        }
        if (!root.isObject()) {
            throw ApiException.invalid(null, "request must be a JSON object", "send one JSON object");
        }
        boolean async = false;
        JsonNode asyncNode = ((ObjectNode) root).remove("async");
        if (asyncNode != null && !asyncNode.isNull()) {
            if (!asyncNode.isBoolean()) {
                throw ApiException.invalid("async", "async must be true or false", "true answers 202 at once");
            }
            async = asyncNode.booleanValue();
        }
        try {
            return new ParsedRequest(RequestParser.parse(root), async);
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
        JsonObject error = new JsonObject().put("code", e.code()).put("message", e.getMessage())
                .put("field", e.field()).put("hint", e.hint());
        json(ctx, e.status(), Buffer.buffer(new JsonObject().put("error", error)
                .put(REQUEST_ID, (String) ctx.get(REQUEST_ID)).encode()));
    }
}
