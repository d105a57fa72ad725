package io.revertiq.deploy;

import static io.revertiq.deploy.TestVertx.await;
import static io.revertiq.deploy.TestVertx.closeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.edge.BuildInfo;
import io.revertiq.edge.HttpEdge;
import io.revertiq.edge.api.AnalysisSubmitter;
import io.revertiq.edge.api.AnalysisView;
import io.revertiq.edge.api.IdempotentPosts;
import io.revertiq.edge.api.V1Api;
import io.revertiq.engine.synthetic.SyntheticMarket.PlantedCell;
import io.revertiq.ingest.provider.SyntheticProvider;
import io.revertiq.edge.db.Migrations;
import io.revertiq.edge.idempotency.IdempotencyConfig;
import io.revertiq.edge.idempotency.IdempotencyKeys;
import io.revertiq.edge.db.PostgresConfig;
import io.revertiq.edge.tenancy.Admission;
import io.revertiq.edge.tenancy.CreatedKey;
import io.revertiq.edge.tenancy.Job;
import io.revertiq.edge.tenancy.JobStatus;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.tenancy.Limits;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.Scope;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.tenancy.Tenant;
import io.revertiq.edge.webhooks.WebhookConfig;
import io.revertiq.edge.webhooks.Webhooks;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The /v1 analysis API over real HTTP against the real pipeline on the embedded broker and the test PostgreSQL:
 * async and sync submits, status and result reads from the edge's own stores, the windows listing, every error in
 * the v1 format, bearer keys, quota admission and tenant isolation, and job rows that follow the status topic.
 */
@ExtendWith(KafkaPlatformExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdgeApiTest {
    /** One year of synthetic 1-minute bars with a planted Monday 10:00-11:00 window; 15 cells. */
    private static final String REQUEST = """
            {"ticker":"EDGE","horizon":{"start":"2023-01-03","end":"2023-12-29"},
             "windows":{"spec":"10:00-13:00/60m"},"signal":{"session_reset":true},
             "walk_forward":{"train_days":60,"test_days":20,"step_days":20},
             "significance":{"min_trades":30,"bootstrap_samples":%d}}""";
    private static final Set<String> ERROR_KEYS = Set.of("code", "message", "field", "hint");

    @TempDir
    static Path data;
    private static Vertx vertx;
    private static Pipeline pipeline;
    private static AnalysisView view;
    private static AnalysisSubmitter submitter;
    private static AnalysisSubmitter unreachable;
    private static HttpEdge edge;
    private static HttpEdge impatient;
    private static HttpEdge cutOff;
    private static String syncResultId;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Sent as the Authorization header's value to send no Authorization header at all. */
    private static final String NO_AUTH = "none";
    private static Pool pool;
    private static TenancyService tenancy;
    private static JobStore jobs;
    private static IdempotencyKeys idempotency;
    /** The enterprise tenant's key that every request sends unless a test says otherwise. */
    private static String key;
    private static Tenant starter;
    private static String starterKey;

    @BeforeAll
    static void start(TestPlatform platform) throws Exception {
        vertx = Vertx.vertx();
        pool = new PostgresConfig(TestPlatform.postgres().freshDatabase(), 8).pool(vertx);
        await(Migrations.migrate(pool));
        tenancy = new TenancyService(pool);
        jobs = new JobStore(pool);
        Webhooks webhooks = new Webhooks(vertx, pool, WebhookConfig.defaults());
        Tenant main = await(tenancy.createTenant("edge-test", Plan.ENTERPRISE, null));
        key = await(tenancy.createKey(main.id(), EnumSet.allOf(Scope.class))).key();
        starter = await(tenancy.createTenant("edge-starter", Plan.STARTER, null));
        starterKey = await(tenancy.createKey(starter.id(), EnumSet.allOf(Scope.class))).key();
        pipeline = Pipeline.start(new Pipeline.Config(platform.bootstrapServers(), platform.registryUrl(), data,
                new SyntheticProvider(5, List.of(new PlantedCell(1, 10 * 60, 11 * 60, 0.6))), "edge-test", "test", 1,
                Duration.ofHours(24)));
        view = new AnalysisView(new StreamsSettings("revertiq-edge-test", platform.bootstrapServers(),
                platform.registryUrl(), data.resolve("state/edge"), 1), platform.registry(), null).followJobs(jobs).start();
        submitter = new AnalysisSubmitter(platform.bootstrapServers(), platform.registry(), Duration.ofSeconds(10));
        unreachable = new AnalysisSubmitter("localhost:1", platform.registry(), Duration.ofMillis(300));
        idempotency = new IdempotencyKeys(vertx, pool, IdempotencyConfig.defaults());
        edge = new HttpEdge(vertx, List.of(), new V1Api(vertx, view, submitter, new V1Api.Config(Duration.ofSeconds(90)), tenancy, jobs,
                webhooks, idempotency))
                .start("localhost", 0);
        impatient = new HttpEdge(vertx, List.of(), new V1Api(vertx, view, submitter,
                new V1Api.Config(Duration.ofMillis(1)), tenancy, jobs, webhooks, idempotency)).start("localhost", 0);
        cutOff = new HttpEdge(vertx, List.of(), new V1Api(vertx, view, unreachable,
                new V1Api.Config(Duration.ofSeconds(1)), tenancy, jobs, webhooks, idempotency)).start("localhost", 0);
        pipeline.awaitRunning(Duration.ofSeconds(90));
        view.awaitRunning(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        closeAll(vertx, pool, edge, impatient, cutOff, view, submitter, unreachable, pipeline);
    }

    private static HttpResponse<String> send(HttpEdge to, String method, String path, String contentType, String body,
                                             Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + to.port() + path))
                .timeout(Duration.ofMinutes(2))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        Map<String, String> all = new HashMap<>(headers);
        String authorization = all.remove("Authorization");
        if (authorization == null) {
            request.header("Authorization", "Bearer " + key);
        } else if (!authorization.equals(NO_AUTH)) {
            request.header("Authorization", authorization);
        }
        all.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(BuildInfo.VERSION, response.headers().firstValue(HttpEdge.VERSION_HEADER).orElse(null));
        assertTrue(response.headers().firstValue(V1Api.REQUEST_ID_HEADER).isPresent(), "X-Request-Id is set");
        return response;
    }

    private static HttpResponse<String> post(HttpEdge to, String body) throws Exception {
        return send(to, "POST", "/v1/analyze", "application/json", body, Map.of());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(edge, "GET", path, null, null, Map.of());
    }

    /** Asserts the v1 error format and returns the error object. */
    private static JsonObject error(HttpResponse<String> response, int status, String code, String field) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        JsonObject body = new JsonObject(response.body());
        assertEquals(Set.of("error", "request_id"), body.fieldNames(), response.body());
        JsonObject error = body.getJsonObject("error");
        assertEquals(ERROR_KEYS, error.fieldNames(), response.body());
        assertEquals(code, error.getString("code"), response.body());
        assertEquals(field, error.getString("field"), response.body());
        assertFalse(error.getString("message").isBlank());
        assertEquals(response.headers().firstValue(V1Api.REQUEST_ID_HEADER).orElseThrow(), body.getString("request_id"));
        assertFalse(response.body().contains("at io.") || response.body().contains("Exception"), "no stack trace");
        return error;
    }

    @Test
    @Order(1)
    void asyncSubmitAnswers202AndTheStatusEndsComplete() throws Exception {
        String body = new JsonObject(REQUEST.formatted(300)).put("async", true).encode();
        HttpResponse<String> accepted = post(edge, body);
        assertEquals(202, accepted.statusCode(), accepted.body());
        JsonObject queued = new JsonObject(accepted.body());
        String id = queued.getString("analysis_id");
        assertTrue(id.matches("an_[0-9a-f]{32}"), id);
        assertEquals("queued", queued.getString("status"));
        assertEquals("/v1/analysis/" + id, accepted.headers().firstValue("Location").orElseThrow());

        List<String> seen = new ArrayList<>();
        JsonObject status = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get("/v1/analysis/" + id);
            assertEquals(200, response.statusCode(), response.body());
            status = new JsonObject(response.body());
            assertEquals(id, status.getString("analysis_id"));
            String state = status.getString("status");
            assertTrue(Set.of("queued", "ingesting", "running", "complete").contains(state), response.body());
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                seen.add(state);
            }
            if (state.equals("running")) {
                double pct = status.getDouble("progress_pct");
                assertTrue(pct >= 0 && pct <= 100, response.body());
            }
            if (state.equals("complete")) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals("complete", status.getString("status"), "states seen: " + seen);
        assertTrue(status.getJsonArray("windows_ranked").size() > 0, "the full result");
        assertNotNull(status.getJsonObject("provenance").getString("data_hash"));
    }

    @Test
    @Order(2)
    void syncSubmitAnswersTheFullResult() throws Exception {
        HttpResponse<String> response = post(edge, REQUEST.formatted(301));
        assertEquals(200, response.statusCode(), response.body());
        JsonObject result = new JsonObject(response.body());
        assertEquals("complete", result.getString("status"));
        assertEquals("EDGE", result.getString("ticker"));
        syncResultId = result.getString("analysis_id");
        assertTrue(result.getJsonArray("windows_ranked").size() >= 6, response.body());
        assertEquals("MON", result.getJsonArray("windows_ranked").getJsonObject(0).getString("dow"));

        HttpResponse<String> again = get("/v1/analysis/" + syncResultId);
        assertEquals(200, again.statusCode());
        assertEquals(result, new JsonObject(again.body()), "GET answers the same result from the edge's store");
    }

    @Test
    @Order(3)
    void aSyncWaitThatEndsAnswers202WithTheId() throws Exception {
        HttpResponse<String> response = post(impatient, REQUEST.formatted(302));
        assertEquals(202, response.statusCode(), response.body());
        String id = new JsonObject(response.body()).getString("analysis_id");
        assertEquals("/v1/analysis/" + id, response.headers().firstValue("Location").orElseThrow());
        assertEquals(200, get("/v1/analysis/" + id).statusCode(), "the edge knows the id once it answered");
    }

    @Test
    @Order(4)
    void aFailedAnalysisAnswersItsReasonSyncAndOnGet() throws Exception {
        String weekend = "{\"ticker\":\"EDGE\",\"horizon\":{\"start\":\"2023-01-07\",\"end\":\"2023-01-08\"}}";
        HttpResponse<String> response = post(edge, weekend);
        assertEquals(200, response.statusCode(), response.body());
        JsonObject failed = new JsonObject(response.body());
        assertEquals("failed", failed.getString("status"), response.body());
        assertTrue(failed.getString("reason").contains("no bars"), response.body());
        String id = failed.getString("analysis_id");
        assertEquals(failed, new JsonObject(get("/v1/analysis/" + id).body()));
        JsonObject e = error(get("/v1/analysis/" + id + "/windows"), 404, "NOT_FOUND", null);
        assertTrue(e.getString("message").contains("no result"), e.encode());
    }

    @Test
    @Order(5)
    void windowsArePagedSortedAndFilteredWithHeaders() throws Exception {
        String base = "/v1/analysis/" + syncResultId + "/windows";
        JsonArray all = new JsonObject(get("/v1/analysis/" + syncResultId).body()).getJsonArray("windows_ranked");
        int total = all.size();

        HttpResponse<String> first = get(base);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("1", first.headers().firstValue("X-Page").orElseThrow());
        assertEquals("50", first.headers().firstValue("X-Per-Page").orElseThrow());
        assertEquals(Integer.toString(total), first.headers().firstValue("X-Total").orElseThrow());
        JsonObject firstBody = new JsonObject(first.body());
        assertEquals(syncResultId, firstBody.getString("analysis_id"));
        assertEquals(all, firstBody.getJsonArray("windows"), "default: every window in rank order");

        HttpResponse<String> page2 = get(base + "?per_page=2&page=2");
        assertEquals("2", page2.headers().firstValue("X-Page").orElseThrow());
        assertEquals("2", page2.headers().firstValue("X-Per-Page").orElseThrow());
        assertEquals(Integer.toString(total), page2.headers().firstValue("X-Total").orElseThrow());
        assertEquals(new JsonArray().add(all.getJsonObject(2)).add(all.getJsonObject(3)),
                new JsonObject(page2.body()).getJsonArray("windows"));
        HttpResponse<String> beyond = get(base + "?per_page=50&page=9");
        assertEquals(0, new JsonObject(beyond.body()).getJsonArray("windows").size());

        JsonArray bySharpe = new JsonObject(get(base + "?sort=oos_sharpe&order=desc&fields=rank,oos_sharpe").body())
                .getJsonArray("windows");
        List<Double> sharpes = new ArrayList<>();
        for (int i = 0; i < bySharpe.size(); i++) {
            JsonObject w = bySharpe.getJsonObject(i);
            assertEquals(Set.of("rank", "oos_sharpe"), w.fieldNames());
            sharpes.add(w.getDouble("oos_sharpe"));
        }
        List<Double> sorted = new ArrayList<>(sharpes);
        sorted.sort(Comparator.reverseOrder());
        assertEquals(sorted, sharpes);

        JsonArray ascending = new JsonObject(get(base + "?sort=n_trades&order=asc").body()).getJsonArray("windows");
        for (int i = 1; i < ascending.size(); i++) {
            assertTrue(ascending.getJsonObject(i - 1).getInteger("n_trades") <= ascending.getJsonObject(i).getInteger("n_trades"));
        }

        int minTrades = all.getJsonObject(0).getInteger("n_trades");
        HttpResponse<String> filtered = get(base + "?min_trades=" + minTrades + "&dow=MON,TUE&max_fdr=0.5");
        JsonArray kept = new JsonObject(filtered.body()).getJsonArray("windows");
        int expected = 0;
        for (int i = 0; i < total; i++) {
            JsonObject w = all.getJsonObject(i);
            Double fdr = w.getDouble("fdr_adj_p");
            if (w.getInteger("n_trades") >= minTrades && Set.of("MON", "TUE").contains(w.getString("dow"))
                    && fdr != null && fdr <= 0.5) {
                expected++;
            }
        }
        assertTrue(expected > 0, "the planted Monday window passes");
        assertEquals(expected, kept.size(), filtered.body());
        assertEquals(Integer.toString(expected), filtered.headers().firstValue("X-Total").orElseThrow());
        for (int i = 0; i < kept.size(); i++) {
            assertTrue(Set.of("MON", "TUE").contains(kept.getJsonObject(i).getString("dow")));
        }
    }

    @Test
    @Order(6)
    void badWindowParametersNameTheParameter() throws Exception {
        String base = "/v1/analysis/" + syncResultId + "/windows";
        Map<String, String> cases = Map.of("sort=colour", "sort", "order=up", "order", "page=0", "page",
                "per_page=501", "per_page", "min_trades=many", "min_trades", "max_fdr=2", "max_fdr", "dow=SUN", "dow",
                "fields=rank,secret", "fields", "page=1e3", "page");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            error(get(base + "?" + c.getKey()), 400, "INVALID_ARGUMENT", c.getValue());
        }
    }

    @Test
    @Order(7)
    void unknownIdsAndPathsAre404AndWrongMethods405() throws Exception {
        JsonObject e = error(get("/v1/analysis/an_00000000000000000000000000000000"), 404, "NOT_FOUND", null);
        assertTrue(e.getString("message").contains("an_00000000000000000000000000000000"));
        error(get("/v1/analysis/an_nope/windows"), 404, "NOT_FOUND", null);
        error(get("/v1/nothing-here"), 404, "NOT_FOUND", null);
        error(send(edge, "GET", "/v1/analyze", null, null, Map.of()), 405, "METHOD_NOT_ALLOWED", null);
        error(send(edge, "DELETE", "/v1/analysis/" + syncResultId, null, null, Map.of()), 405, "METHOD_NOT_ALLOWED", null);
    }

    @Test
    @Order(8)
    void invalidBodiesAre400NamingTheField() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"ticker\":\"spy\",\"horizon\":{\"start\":\"2023-01-03\",\"end\":\"2023-02-01\"}}", "ticker",
                "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2023-01-03\",\"end\":\"2023-02-01\"},\"colour\":1}", "colour",
                "{\"ticker\":\"SPY\",\"horizon\":{\"start\":5,\"end\":\"2023-02-01\"}}", "horizon.start",
                "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2023-01-03\",\"end\":\"2023-02-01\"},\"params\":{\"entry_grid\":[-2,\"x\"]}}",
                "params.entry_grid[1]",
                "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2023-01-03\",\"end\":\"2023-02-01\"},\"bar\":{\"speed\":1}}", "bar.speed",
                "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2023-01-03\",\"end\":\"2023-02-01\"},\"async\":\"yes\"}", "async",
                "{\"ticker\":\"SPY\"}", "horizon");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            error(post(edge, c.getKey()), 400, "INVALID_ARGUMENT", c.getValue());
        }
        JsonObject malformed = error(post(edge, "{\"ticker\": \"SPY\", "), 400, "INVALID_ARGUMENT", null);
        assertTrue(malformed.getString("message").contains("not valid JSON"), malformed.encode());
        error(post(edge, "[1,2]"), 400, "INVALID_ARGUMENT", null);
        error(post(edge, ""), 400, "INVALID_ARGUMENT", null);
        error(post(edge, "{\"ticker\":\"SPY\",\"ticker\":\"QQQ\"}"), 400, "INVALID_ARGUMENT", null);
    }

    @Test
    @Order(9)
    void oversizedBodiesAre413AndOtherMediaTypes415() throws Exception {
        String big = "{\"ticker\":\"SPY\",\"pad\":\"" + "x".repeat(65 * 1024) + "\"}";
        error(post(edge, big), 413, "PAYLOAD_TOO_LARGE", null);
        error(send(edge, "POST", "/v1/analyze", "text/plain", REQUEST.formatted(300), Map.of()), 415,
                "UNSUPPORTED_MEDIA_TYPE", null);
        error(send(edge, "POST", "/v1/analyze", null, REQUEST.formatted(300), Map.of()), 415,
                "UNSUPPORTED_MEDIA_TYPE", null);
        HttpResponse<String> charset = send(edge, "POST", "/v1/analyze", "application/json; charset=utf-8",
                new JsonObject(REQUEST.formatted(300)).put("async", true).encode(), Map.of());
        assertEquals(202, charset.statusCode(), charset.body());
    }

    @Test
    @Order(10)
    void aRequestKafkaDoesNotTakeInTimeIs504() throws Exception {
        error(post(cutOff, REQUEST.formatted(303)), 504, "DEADLINE_EXCEEDED", null);
    }

    @Test
    @Order(11)
    void theRequestIdIsEchoedOrGenerated() throws Exception {
        HttpResponse<String> echoed = send(edge, "GET", "/v1/analysis/an_missing", null, null,
                Map.of("X-Request-Id", "client-42"));
        assertEquals("client-42", echoed.headers().firstValue("X-Request-Id").orElseThrow());
        error(echoed, 404, "NOT_FOUND", null);
        assertEquals("client-42", new JsonObject(echoed.body()).getString("request_id"));
        HttpResponse<String> generated = get("/version");
        String id = generated.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(id.matches("req_[0-9a-f]{32}"), id);
        HttpResponse<String> refused = send(edge, "GET", "/version", null, null, Map.of("X-Request-Id", "bad id!"));
        assertTrue(refused.headers().firstValue("X-Request-Id").orElseThrow().startsWith("req_"),
                "an id that is not a safe token is replaced");
        assertNull(new JsonObject(generated.body()).getValue("error"));
    }

    private static HttpResponse<String> as(String bearer, String method, String path, String body) throws Exception {
        return send(edge, method, path, body == null ? null : "application/json", body,
                Map.of("Authorization", bearer == null ? NO_AUTH : bearer));
    }

    @Test
    @Order(12)
    void missingInvalidAndRevokedKeysAre401OnEveryV1Route() throws Exception {
        Tenant other = await(tenancy.createTenant("edge-revoked", Plan.PRO, null));
        CreatedKey revoked = await(tenancy.createKey(other.id(), EnumSet.allOf(Scope.class)));
        assertTrue(await(tenancy.revokeKey(revoked.id())));
        String body = new JsonObject(REQUEST.formatted(300)).put("async", true).encode();
        for (String bearer : new String[] {null, "Bearer rq_notAKeyAtAll000000000000000000", "Bearer " + revoked.key(),
                "Basic dXNlcjpwYXNz"}) {
            for (HttpResponse<String> response : List.of(as(bearer, "POST", "/v1/analyze", body),
                    as(bearer, "GET", "/v1/analysis/" + syncResultId, null),
                    as(bearer, "GET", "/v1/analysis/" + syncResultId + "/windows", null))) {
                error(response, 401, "UNAUTHENTICATED", null);
                assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(null));
            }
        }
        HttpResponse<String> echoed = send(edge, "GET", "/v1/analysis/" + syncResultId, null, null,
                Map.of("Authorization", NO_AUTH, "X-Request-Id", "client-401"));
        error(echoed, 401, "UNAUTHENTICATED", null);
        assertEquals("client-401", new JsonObject(echoed.body()).getString("request_id"), "one request id");
        // health and version stay open
        assertEquals(200, as(null, "GET", "/version", null).statusCode());
        // a read-only key may read but not submit
        String readOnly = await(tenancy.createKey(other.id(), EnumSet.of(Scope.ANALYSES_READ))).key();
        error(as("Bearer " + readOnly, "POST", "/v1/analyze", body), 403, "PERMISSION_DENIED", null);
    }

    @Test
    @Order(13)
    void anotherTenantsAnalysisIs404() throws Exception {
        for (String path : List.of("/v1/analysis/" + syncResultId, "/v1/analysis/" + syncResultId + "/windows")) {
            JsonObject e = error(as("Bearer " + starterKey, "GET", path, null), 404, "NOT_FOUND", null);
            assertTrue(e.getString("message").contains(syncResultId), e.encode());
            assertEquals(200, get(path).statusCode(), "its own tenant still reads it");
        }
    }

    @Test
    @Order(14)
    void aHorizonBeyondThePlanIs400OnHorizon() throws Exception {
        String longer = "{\"ticker\":\"EDGE\",\"horizon\":{\"start\":\"2020-01-02\",\"end\":\"2023-12-29\"},\"async\":true}";
        JsonObject e = error(as("Bearer " + starterKey, "POST", "/v1/analyze", longer), 400, "INVALID_ARGUMENT", "horizon");
        assertTrue(e.getString("message").contains("2 years"), e.encode());
    }

    @Test
    @Order(15)
    void aStarterTenantsSecondConcurrentAnalysisIs429UntilTheFirstCompletes() throws Exception {
        String body = new JsonObject(REQUEST.formatted(304)).put("async", true).encode();
        HttpResponse<String> first = as("Bearer " + starterKey, "POST", "/v1/analyze", body);
        assertEquals(202, first.statusCode(), first.body());
        String id = new JsonObject(first.body()).getString("analysis_id");
        JsonObject e = error(as("Bearer " + starterKey, "POST", "/v1/analyze",
                new JsonObject(REQUEST.formatted(305)).put("async", true).encode()), 429, "RESOURCE_EXHAUSTED", null);
        assertNotNull(e.getString("hint"), e.encode());
        assertTrue(e.getString("message").contains("1 analyses queued or running"), e.encode());

        // the job row follows the status topic: complete, which frees the slot
        Optional<Job> job = Optional.empty();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            job = await(jobs.find(id));
            if (job.isPresent() && job.get().status() == JobStatus.COMPLETE) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(JobStatus.COMPLETE, job.map(Job::status).orElse(null), job.toString());
        assertEquals(100, job.get().progressPct());
        assertEquals(starter.id(), job.get().tenantId());
        HttpResponse<String> next = as("Bearer " + starterKey, "POST", "/v1/analyze", body);
        assertEquals(202, next.statusCode(), next.body());
    }

    @Test
    @Order(16)
    void anExhaustedDailyQuotaIs429WithRetryAfter() throws Exception {
        Tenant daily = await(tenancy.createTenant("edge-daily", Plan.ENTERPRISE, new Limits(1, 5, 20, 600)));
        String bearer = "Bearer " + await(tenancy.createKey(daily.id(), EnumSet.allOf(Scope.class))).key();
        String body = new JsonObject(REQUEST.formatted(300)).put("async", true).encode();
        assertEquals(202, as(bearer, "POST", "/v1/analyze", body).statusCode());
        HttpResponse<String> refused = as(bearer, "POST", "/v1/analyze", body);
        JsonObject e = error(refused, 429, "RESOURCE_EXHAUSTED", null);
        assertTrue(e.getString("hint").contains("resets at"), e.encode());
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 86_401, "until 00:00 UTC: " + retryAfter);
    }

    @Test
    @Order(17)
    void syncRequestsWithOneIdempotencyKeyShareOneAnalysisAndReplayItsResult() throws Exception {
        Tenant tenant = await(tenancy.createTenant("edge-idempotent", Plan.ENTERPRISE, null));
        String bearer = "Bearer " + await(tenancy.createKey(tenant.id(), EnumSet.allOf(Scope.class))).key();
        Map<String, String> headers = Map.of("Authorization", bearer, IdempotentPosts.KEY_HEADER, "edge-sync-1");
        // a request the result cache does not hold, so the duplicates arrive while it runs and wait with it
        String body = REQUEST.formatted(307);
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + edge.port() + "/v1/analyze"))
                    .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            concurrent.add(HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> bodies = new ArrayList<>();
        int originals = 0;
        for (java.util.concurrent.CompletableFuture<HttpResponse<String>> response : concurrent) {
            HttpResponse<String> answered = response.join();
            assertEquals(200, answered.statusCode(), answered.body());
            bodies.add(answered.body());
            originals += answered.headers().firstValue(IdempotentPosts.REPLAYED_HEADER).isPresent() ? 0 : 1;
        }
        assertEquals(1, originals, "one original, the others replay it");
        assertEquals("complete", new JsonObject(bodies.get(0)).getString("status"));
        assertEquals(Set.of(bodies.get(0)), Set.copyOf(bodies), "every caller gets the same result, byte for byte");

        // later, the record holds only the analysis id; the result store renders the same bytes again. The same
        // request with its members in another order and other whitespace is the same request.
        JsonObject original = new JsonObject(body);
        List<String> names = new ArrayList<>(original.fieldNames());
        java.util.Collections.reverse(names);
        JsonObject reordered = new JsonObject();
        names.forEach(name -> reordered.put(name, original.getValue(name)));
        HttpResponse<String> replay = send(edge, "POST", "/v1/analyze", "application/json", reordered.encodePrettily(),
                headers);
        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals("true", replay.headers().firstValue(IdempotentPosts.REPLAYED_HEADER).orElse(null));
        assertEquals(bodies.get(0), replay.body());
        long jobCount = await(pool.preparedQuery("SELECT count(*) FROM jobs WHERE tenant_id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(tenant.id()))).iterator().next().getLong(0);
        assertEquals(1, jobCount, "one admission for all four requests");
    }

    @Test
    @Order(18)
    void anAdmittedAnalysisTheViewHasNotSeenYetIsQueuedNotUnknown() throws Exception {
        Tenant main = await(tenancy.findTenant("edge-test")).orElseThrow();
        String id = AnalysisSubmitter.newAnalysisId();
        // admitted, never put on Kafka: as a loaded view that lags behind the 202 sees it
        assertTrue(await(jobs.admit(main.id(), id, LocalDate.of(2023, 1, 3), LocalDate.of(2023, 2, 1)))
                instanceof Admission.Admitted);
        HttpResponse<String> queued = get("/v1/analysis/" + id);
        assertEquals(200, queued.statusCode(), queued.body());
        assertEquals(id, new JsonObject(queued.body()).getString("analysis_id"));
        assertEquals("queued", new JsonObject(queued.body()).getString("status"));
        // a job past queued that the view does not know: the job row answers
        assertTrue(await(jobs.updateStatus(id, JobStatus.RUNNING, 10, null)));
        HttpResponse<String> running = get("/v1/analysis/" + id);
        assertEquals(200, running.statusCode(), running.body());
        assertEquals("running", new JsonObject(running.body()).getString("status"));
        assertEquals(10.0, new JsonObject(running.body()).getDouble("progress_pct"));
        assertTrue(await(jobs.updateStatus(id, JobStatus.FAILED, 10, "never submitted")), "frees the slot");
    }
}
