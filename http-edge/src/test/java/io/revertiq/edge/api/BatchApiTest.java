package io.revertiq.edge.api;

import static io.revertiq.edge.db.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.edge.HttpEdge;
import io.revertiq.edge.batch.BatchConfig;
import io.revertiq.edge.idempotency.IdempotencyConfig;
import io.revertiq.edge.tenancy.JobStatus;
import io.revertiq.edge.tenancy.Limits;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.Scope;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /v1/batch/analyze} and {@code GET /v1/batch/{id}} over real HTTP, with the real broker (view and
 * submitter), real PostgreSQL and a running batch scheduler. No pipeline runs: the tests play it by moving job rows
 * as the view does (running, complete, failed), which is what frees concurrent slots. End to end with the pipeline:
 * deploy's BatchEdgeTest.
 */
@ExtendWith(KafkaPlatformExtension.class)
class BatchApiTest {
    private static final String ITEM = "{\"ticker\":\"BT%d\",\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2024-03-28\"}}";
    private static final int MAX_ITEMS = 5;
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static TestEdge fixture;
    private static HttpEdge edge;

    @BeforeAll
    static void start(TestPlatform platform) throws Exception {
        fixture = TestEdge.start(platform, "revertiq-edge-batch-test");
        edge = fixture.batchEdge(new BatchConfig(MAX_ITEMS, Duration.ofMillis(50)), IdempotencyConfig.defaults());
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static TestEdge.Caller caller(Plan plan, Limits limits) {
        return fixture.caller("batch-" + NAMES.incrementAndGet(), plan, limits);
    }

    /** A batch body of {@code n} distinct small requests, with the given extra members (e.g. {@code ,"name":"x"}). */
    static String batch(int n, String extra) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            items.add(ITEM.formatted(i));
        }
        return "{\"requests\":[" + String.join(",", items) + "]" + extra + "}";
    }

    private static HttpResponse<String> post(TestEdge.Caller caller, String key, String body) throws Exception {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", caller.bearer()));
        if (key != null) {
            headers.put(IdempotentPosts.KEY_HEADER, key);
        }
        return fixture.send(fixture.request(edge, "POST", BatchApi.BATCH_PATH, "application/json", body, headers).build());
    }

    private static HttpResponse<String> get(TestEdge.Caller caller, String path) throws Exception {
        return fixture.send(fixture.request(edge, "GET", path, null, null, Map.of("Authorization", caller.bearer())).build());
    }

    private static JsonObject accepted(HttpResponse<String> response) {
        assertEquals(202, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        assertEquals("/v1/batch/" + body.getString("batch_id"), response.headers().firstValue("Location").orElseThrow());
        return body;
    }

    private static JsonObject batchView(TestEdge.Caller caller, String batchId) throws Exception {
        HttpResponse<String> response = get(caller, "/v1/batch/" + batchId);
        assertEquals(200, response.statusCode(), response.body());
        return new JsonObject(response.body());
    }

    private static List<String> analysisIds(JsonObject batch) {
        List<String> ids = new ArrayList<>();
        JsonArray analyses = batch.getJsonArray("analyses");
        for (int i = 0; i < analyses.size(); i++) {
            assertEquals(i, analyses.getJsonObject(i).getInteger("index"));
            ids.add(analyses.getJsonObject(i).getString("analysis_id"));
        }
        return ids;
    }

    private static List<String> statuses(JsonObject batch) {
        return batch.getJsonArray("analyses").stream().map(a -> ((JsonObject) a).getString("status")).toList();
    }

    /** The tenant's queued or running jobs, from the rows. */
    private static Set<String> activeJobs(UUID tenantId) {
        Set<String> active = new HashSet<>();
        for (Row row : await(fixture.db.pool.preparedQuery("SELECT analysis_id FROM jobs WHERE tenant_id = $1 "
                + "AND status IN ('queued', 'running')").execute(Tuple.of(tenantId)))) {
            active.add(row.getString(0));
        }
        return active;
    }

    private static long count(String sql, Object... params) {
        return await(fixture.db.pool.preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
    }

    /** Asserts the v1 error shape and returns the error object. */
    static JsonObject error(HttpResponse<String> response, int status, String code, String field) {
        assertEquals(status, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        assertEquals(Set.of("error", "request_id"), body.fieldNames(), response.body());
        JsonObject error = body.getJsonObject("error");
        assertEquals(Set.of("code", "message", "field", "hint"), error.fieldNames());
        assertEquals(code, error.getString("code"), response.body());
        assertEquals(field, error.getString("field"), response.body());
        assertEquals(response.headers().firstValue("X-Request-Id").orElseThrow(), body.getString("request_id"));
        return error;
    }

    @Test
    void aBatchIsAcceptedWithItsAnalysesAndItsViewFollowsTheJobs() throws Exception {
        TestEdge.Caller caller = caller(Plan.PRO, null);
        String hook = "http://localhost:9/hooks/batch";
        JsonObject body = accepted(post(caller, null, batch(3, ",\"name\":\"nightly\",\"webhook_url\":\"" + hook + "\"")));
        String batchId = body.getString("batch_id");
        assertTrue(batchId.matches("bt_[0-9a-f]{32}"), batchId);
        assertEquals("nightly", body.getString("name"));
        assertEquals("queued", body.getString("status"));
        List<String> ids = analysisIds(body);
        assertEquals(3, new HashSet<>(ids).size());
        ids.forEach(id -> assertTrue(AnalysisSubmitter.isAnalysisId(id), id));
        assertEquals(List.of("queued", "queued", "queued"), statuses(body), "a pro tenant has 5 free slots");
        assertEquals(3, fixture.jobCount(caller.tenantId()));
        // every item is subscribed to the batch's webhook
        assertEquals(3, count("SELECT count(*) FROM webhook_subscriptions WHERE url = $1 AND analysis_id = ANY($2)",
                hook, ids.toArray(String[]::new)));
        for (String id : ids) {
            assertEquals("queued", awaitKnown(caller, id).getString("status"));
        }

        JsonObject view = batchView(caller, batchId);
        assertEquals("queued", view.getString("status"));
        assertEquals(new JsonObject().put("waiting", 0).put("queued", 3).put("running", 0).put("complete", 0)
                .put("failed", 0), view.getJsonObject("counts"));
        assertEquals(0.0, view.getDouble("progress_pct"));
        assertEquals(hook, view.getString("webhook_url"));
        assertEquals(ids, analysisIds(view));

        await(fixture.jobs.updateStatus(ids.get(0), JobStatus.RUNNING, 40, null));
        await(fixture.jobs.updateStatus(ids.get(1), JobStatus.COMPLETE, 100, null));
        await(fixture.jobs.updateStatus(ids.get(2), JobStatus.FAILED, 10, "no bars for BT2"));
        view = batchView(caller, batchId);
        assertEquals("running", view.getString("status"));
        assertEquals(80.0, view.getDouble("progress_pct"));
        assertEquals(List.of("running", "complete", "failed"), statuses(view));
        assertEquals(40, view.getJsonArray("analyses").getJsonObject(0).getInteger("progress_pct"));
        assertEquals("no bars for BT2", view.getJsonArray("analyses").getJsonObject(2).getString("reason"));
        assertFalse(view.getJsonArray("analyses").getJsonObject(1).containsKey("reason"));

        await(fixture.jobs.updateStatus(ids.get(0), JobStatus.COMPLETE, 100, null));
        view = batchView(caller, batchId);
        assertEquals("partial_failure", view.getString("status"));
        assertEquals(100.0, view.getDouble("progress_pct"));
        assertTrue(view.getString("updated_at").compareTo(view.getString("created_at")) >= 0, view.encode());
    }

    @Test
    void aStarterBatchRunsOneAnalysisAtATimeInOrder() throws Exception {
        TestEdge.Caller caller = caller(Plan.STARTER, null);
        JsonObject body = accepted(post(caller, null, batch(3, "")));
        List<String> ids = analysisIds(body);
        assertEquals(List.of("queued", "waiting", "waiting"), statuses(body));
        JsonObject view = batchView(caller, body.getString("batch_id"));
        assertEquals("queued", view.getString("status"));
        assertEquals(2, view.getJsonObject("counts").getInteger("waiting"));

        HttpResponse<String> waiting = get(caller, "/v1/analysis/" + ids.get(2));
        assertEquals(200, waiting.statusCode(), waiting.body());
        assertEquals("waiting", new JsonObject(waiting.body()).getString("status"));
        error(get(caller, "/v1/analysis/" + ids.get(2) + "/windows"), 404, "NOT_FOUND", null);
        // a single analysis competes for the same slot
        HttpResponse<String> single = fixture.send(fixture.request(edge, "POST", "/v1/analyze", "application/json",
                ITEM.formatted(9).replace("}}", "},\"async\":true}"), Map.of("Authorization", caller.bearer())).build());
        error(single, 429, "RESOURCE_EXHAUSTED", null);

        for (int step = 0; step < 3; step++) {
            Set<String> active = awaitActive(caller.tenantId());
            // only this test ends jobs, so an over-admission would stay visible here until it does
            assertEquals(Set.of(ids.get(step)), active, "item " + step + " runs alone, in order");
            await(fixture.jobs.updateStatus(ids.get(step), JobStatus.COMPLETE, 100, null));
        }
        view = batchView(caller, body.getString("batch_id"));
        assertEquals("complete", view.getString("status"));
        assertEquals(3, view.getJsonObject("counts").getInteger("complete"));
        assertTrue(activeJobs(caller.tenantId()).isEmpty());
    }

    /** The analysis's status once the edge's view has heard of its submit. */
    private static JsonObject awaitKnown(TestEdge.Caller caller, String analysisId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> analysis = get(caller, "/v1/analysis/" + analysisId);
        while (analysis.statusCode() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            analysis = get(caller, "/v1/analysis/" + analysisId);
        }
        assertEquals(200, analysis.statusCode(), analysis.body());
        return new JsonObject(analysis.body());
    }

    /** The tenant's active jobs once there are any (the scheduler promotes within a few rounds). */
    private static Set<String> awaitActive(UUID tenantId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Set<String> active = activeJobs(tenantId);
        while (active.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            active = activeJobs(tenantId);
        }
        return active;
    }

    @Test
    void theDailyQuotaTakesAWholeBatchOrNothingOfIt() throws Exception {
        TestEdge.Caller caller = caller(Plan.ENTERPRISE, new Limits(5, 10, 5, 6000));
        accepted(post(caller, null, batch(3, "")));
        HttpResponse<String> over = post(caller, null, batch(3, ""));
        JsonObject error = error(over, 429, "RESOURCE_EXHAUSTED", null);
        assertTrue(error.getString("message").contains("3 analyses but only 2 of the plan's 5"), error.encode());
        assertTrue(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow()) > 0);
        assertEquals(3, fixture.jobCount(caller.tenantId()), "nothing of the refused batch was admitted");
        assertEquals(1, count("SELECT count(*) FROM batches WHERE tenant_id = $1", caller.tenantId()));

        accepted(post(caller, null, batch(2, "")));
        error = error(post(caller, null, batch(1, "")), 429, "RESOURCE_EXHAUSTED", null);
        assertTrue(error.getString("message").contains("only 0 of"), error.encode());
        assertEquals(5, fixture.jobCount(caller.tenantId()));
    }

    @Test
    void anInvalidBatchIsRefusedNamingTheFieldAndAdmitsNothing() throws Exception {
        TestEdge.Caller caller = caller(Plan.STARTER, null);
        String good = ITEM.formatted(0);
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("{\"requests\":[" + good + ",{\"ticker\":\"X\",\"horizon\":{\"start\":\"2024-13-01\",\"end\":\"2024-12-31\"}}]}",
                "requests[1].horizon.start");
        refusals.put("{\"requests\":[{\"ticker\":\"X\",\"colour\":1,\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2024-02-01\"}}]}",
                "requests[0].colour");
        refusals.put("{\"requests\":[" + good + "," + good + "," + good.replace("}}", "},\"async\":true}") + "]}",
                "requests[2].async");
        refusals.put("{\"requests\":[" + good.replace("}}", "},\"webhook_url\":\"http://localhost/x\"}") + "]}",
                "requests[0].webhook_url");
        refusals.put("{\"requests\":[" + good + ",42]}", "requests[1]");
        refusals.put("{\"requests\":[]}", "requests");
        refusals.put(batch(MAX_ITEMS + 1, ""), "requests");
        refusals.put("{\"name\":\"x\"}", "requests");
        refusals.put("{\"requests\":" + good + "}", "requests");
        refusals.put(batch(1, ",\"colour\":\"red\""), "colour");
        refusals.put(batch(1, ",\"name\":\"\""), "name");
        refusals.put(batch(1, ",\"name\":\"" + "n".repeat(201) + "\""), "name");
        refusals.put(batch(1, ",\"name\":7"), "name");
        refusals.put(batch(1, ",\"webhook_url\":\"ftp://example.com/hook\""), "webhook_url");
        refusals.put(batch(1, ",\"webhook_url\":true"), "webhook_url");
        // the starter plan's horizon is 2 years: the third item's 3 years refuse the batch
        refusals.put("{\"requests\":[" + good + "," + good + ",{\"ticker\":\"LONG\",\"horizon\":{\"start\":\"2021-01-04\","
                + "\"end\":\"2023-12-29\"}}]}", "requests[2].horizon");
        refusals.put("{\"requests\":[" + good + "]", null);
        refusals.put("[" + good + "]", null);
        refusals.put("", null);
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            error(post(caller, null, refusal.getKey()), 400, "INVALID_ARGUMENT", refusal.getValue());
        }
        assertEquals(0, fixture.jobCount(caller.tenantId()));
        assertEquals(0, count("SELECT count(*) FROM batches WHERE tenant_id = $1", caller.tenantId()));
    }

    @Test
    void keysMediaTypesSizesMethodsAndOtherTenantsBatchesAreRefused() throws Exception {
        TestEdge.Caller caller = caller(Plan.PRO, null);
        String batchId = accepted(post(caller, null, batch(1, ""))).getString("batch_id");
        Map<String, String> none = Map.of();
        error(fixture.send(fixture.request(edge, "POST", BatchApi.BATCH_PATH, "application/json", batch(1, ""), none)
                .build()), 401, "UNAUTHENTICATED", null);
        error(fixture.send(fixture.request(edge, "GET", "/v1/batch/" + batchId, null, null, none).build()),
                401, "UNAUTHENTICATED", null);
        String readOnly = "Bearer " + await(fixture.tenancy.createKey(caller.tenantId(), EnumSet.of(Scope.ANALYSES_READ))).key();
        String writeOnly = "Bearer " + await(fixture.tenancy.createKey(caller.tenantId(), EnumSet.of(Scope.ANALYSES_WRITE))).key();
        error(fixture.send(fixture.request(edge, "POST", BatchApi.BATCH_PATH, "application/json", batch(1, ""),
                Map.of("Authorization", readOnly)).build()), 403, "PERMISSION_DENIED", null);
        error(fixture.send(fixture.request(edge, "GET", "/v1/batch/" + batchId, null, null,
                Map.of("Authorization", writeOnly)).build()), 403, "PERMISSION_DENIED", null);
        Map<String, String> auth = Map.of("Authorization", caller.bearer());
        error(fixture.send(fixture.request(edge, "POST", BatchApi.BATCH_PATH, "text/plain", batch(1, ""), auth).build()),
                415, "UNSUPPORTED_MEDIA_TYPE", null);
        String huge = batch(1, ",\"name\":\"" + "x".repeat(BatchApi.MAX_BODY_BYTES) + "\"");
        JsonObject tooLarge = error(fixture.send(fixture.request(edge, "POST", BatchApi.BATCH_PATH, "application/json",
                huge, auth).build()), 413, "PAYLOAD_TOO_LARGE", null);
        assertTrue(tooLarge.getString("message").contains(Integer.toString(BatchApi.MAX_BODY_BYTES)), tooLarge.encode());
        error(get(caller, BatchApi.BATCH_PATH), 405, "METHOD_NOT_ALLOWED", null);
        error(fixture.send(fixture.request(edge, "DELETE", "/v1/batch/" + batchId, null, null, auth).build()),
                405, "METHOD_NOT_ALLOWED", null);
        error(get(caller, "/v1/batch/bt_" + "0".repeat(32)), 404, "NOT_FOUND", null);
        error(get(caller, "/v1/batch/not-a-batch"), 404, "NOT_FOUND", null);
        error(get(caller(Plan.PRO, null), "/v1/batch/" + batchId), 404, "NOT_FOUND", null);
        assertEquals(1, fixture.jobCount(caller.tenantId()));
    }

    @Test
    void anIdempotencyKeyMakesRetriesOfABatchOneBatch() throws Exception {
        TestEdge.Caller caller = caller(Plan.PRO, null);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(caller, key, batch(3, ",\"name\":\"retry\""));
        accepted(first);
        // the same batch after parsing: other whitespace, member order and a spelled-out default
        String same = batch(3, ",\"name\":\"retry\"").replace("{\"requests\":", "{ \"name\" : \"retry\", \"requests\" :")
                .replace(",\"name\":\"retry\"}", "}").replace("{\"ticker\":\"BT1\"", "{\"bar\":{\"interval\":\"1m\"},\"ticker\":\"BT1\"");
        HttpResponse<String> again = post(caller, key, same);
        accepted(again);
        assertEquals("true", again.headers().firstValue(IdempotentPosts.REPLAYED_HEADER).orElseThrow());
        assertEquals(first.body(), again.body());
        assertEquals(first.headers().firstValue("Location"), again.headers().firstValue("Location"));
        assertEquals(3, fixture.jobCount(caller.tenantId()));

        error(post(caller, key, batch(2, ",\"name\":\"retry\"")), 422, "FAILED_PRECONDITION", IdempotentPosts.KEY_HEADER);
        // a single analysis may not reuse a batch's key either
        error(fixture.send(fixture.request(edge, "POST", "/v1/analyze", "application/json",
                ITEM.formatted(0).replace("}}", "},\"async\":true}"), Map.of("Authorization", caller.bearer(),
                        IdempotentPosts.KEY_HEADER, key)).build()), 422, "FAILED_PRECONDITION", IdempotentPosts.KEY_HEADER);

        String concurrentKey = UUID.randomUUID().toString();
        List<CompletableFuture<HttpResponse<String>>> duplicates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            duplicates.add(fixture.http().sendAsync(fixture.request(edge, "POST", BatchApi.BATCH_PATH, "application/json",
                    batch(2, ""), Map.of("Authorization", caller.bearer(), IdempotentPosts.KEY_HEADER, concurrentKey))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        Set<String> batchIds = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> duplicate : duplicates) {
            batchIds.add(accepted(duplicate.join()).getString("batch_id"));
        }
        assertEquals(1, batchIds.size(), batchIds.toString());
        assertEquals(5, fixture.jobCount(caller.tenantId()));
    }
}
