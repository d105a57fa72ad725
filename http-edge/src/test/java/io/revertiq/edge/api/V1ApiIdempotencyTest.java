package io.revertiq.edge.api;

import static io.revertiq.edge.db.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.edge.HttpEdge;
import io.revertiq.edge.idempotency.Claim;
import io.revertiq.edge.idempotency.IdempotencyConfig;
import io.revertiq.edge.idempotency.IdempotencyKeys;
import io.revertiq.edge.tenancy.JobStatus;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * {@code Idempotency-Key} on {@code POST /v1/analyze} over real HTTP, with the real broker (view and submitter) and
 * real PostgreSQL (tenants, jobs, idempotency records). No pipeline runs, so a synchronous request always answers 202
 * when its wait ends; the 200 replay of a full result is covered with the pipeline in deploy's EdgeApiTest.
 */
@ExtendWith(KafkaPlatformExtension.class)
class V1ApiIdempotencyTest {
    private static final String KEY = IdempotentPosts.KEY_HEADER;
    private static final String REPLAYED = IdempotentPosts.REPLAYED_HEADER;
    private static final String REQUEST = "{\"ticker\":\"IDEM\",\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2024-03-28\"}%s}";
    private static final String ASYNC = REQUEST.formatted(",\"async\":true");
    private static final String SYNC = REQUEST.formatted("");
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static TestEdge fixture;
    /** Sync requests wait 1 s; duplicates wait up to 30 s for the first request of their key. */
    private static HttpEdge edge;
    /** Duplicates of a request that has no analysis yet are answered 409 at once. */
    private static HttpEdge impatient;

    @BeforeAll
    static void start(TestPlatform platform) throws Exception {
        fixture = TestEdge.start(platform, "revertiq-edge-idempotency-test");
        IdempotencyConfig config = IdempotencyConfig.defaults().withInFlightWait(Duration.ofSeconds(30));
        edge = fixture.edge(Duration.ofSeconds(1), config);
        impatient = fixture.edge(Duration.ofSeconds(1), config.withInFlightWait(Duration.ZERO));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static TestEdge.Caller caller(Plan plan) {
        return fixture.caller("idem-" + NAMES.incrementAndGet(), plan, null);
    }

    private static HttpResponse<String> post(HttpEdge to, TestEdge.Caller caller, String key, String body) throws Exception {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", caller.bearer()));
        if (key != null) {
            headers.put(KEY, key);
        }
        return fixture.send(fixture.request(to, "POST", "/v1/analyze", "application/json", body, headers).build());
    }

    private static String analysisId(HttpResponse<String> response) {
        return new JsonObject(response.body()).getString("analysis_id");
    }

    private static boolean replayed(HttpResponse<String> response) {
        return response.headers().firstValue(REPLAYED).map("true"::equals).orElse(false);
    }

    /** Asserts the v1 error shape and returns the error object. */
    private static JsonObject error(HttpResponse<String> response, int status, String code, String field) {
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
    void theSameKeyAndBodyTwiceIsOneAnalysisAndTheSameResponse() throws Exception {
        TestEdge.Caller caller = caller(Plan.PRO);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(edge, caller, key, ASYNC);
        assertEquals(202, first.statusCode(), first.body());
        assertFalse(replayed(first));
        // the same request after parsing: other whitespace, key order and an explicit default
        String reordered = "{ \"async\" : true, \"bar\": {\"interval\": \"1m\"},\n \"horizon\": {\"end\": \"2024-03-28\", "
                + "\"start\": \"2024-01-02\"}, \"ticker\": \"IDEM\" }";
        HttpResponse<String> again = post(edge, caller, key, reordered);
        assertEquals(202, again.statusCode(), again.body());
        assertTrue(replayed(again));
        assertEquals(first.body(), again.body());
        assertEquals(first.headers().firstValue("Location"), again.headers().firstValue("Location"));
        assertEquals(1, fixture.jobCount(caller.tenantId()));

        HttpResponse<String> unkeyed = post(edge, caller, null, ASYNC);
        assertEquals(202, unkeyed.statusCode());
        assertFalse(analysisId(first).equals(analysisId(unkeyed)), "without the header every POST is a new analysis");
    }

    @Test
    void aSyncRequestWhoseWaitEndedReplaysIts202() throws Exception {
        TestEdge.Caller caller = caller(Plan.PRO);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(edge, caller, key, SYNC);
        assertEquals(202, first.statusCode(), first.body());
        HttpResponse<String> again = post(edge, caller, key, SYNC);
        assertEquals(202, again.statusCode(), again.body());
        assertTrue(replayed(again));
        assertEquals(first.body(), again.body());
        assertEquals(1, fixture.jobCount(caller.tenantId()));
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() throws Exception {
        TestEdge.Caller caller = caller(Plan.PRO);
        String key = UUID.randomUUID().toString();
        assertEquals(202, post(edge, caller, key, ASYNC).statusCode());
        String otherTicker = ASYNC.replace("IDEM", "OTHER");
        JsonObject e = error(post(edge, caller, key, otherTicker), 422, "FAILED_PRECONDITION", KEY);
        assertTrue(e.getString("message").contains("different request"), e.encode());
        error(post(edge, caller, key, SYNC), 422, "FAILED_PRECONDITION", KEY);
        assertEquals(1, fixture.jobCount(caller.tenantId()), "a refused reuse admits nothing");
    }

    @Test
    void concurrentDuplicatesMakeOneJobAndAllGetItsId() throws Exception {
        for (String body : List.of(ASYNC, SYNC)) {
            TestEdge.Caller caller = caller(Plan.ENTERPRISE);
            String key = UUID.randomUUID().toString();
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                responses.add(fixture.http().sendAsync(fixture.request(edge, "POST", "/v1/analyze", "application/json",
                        body, Map.of("Authorization", caller.bearer(), KEY, key)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            Set<String> ids = new HashSet<>();
            int originals = 0;
            for (CompletableFuture<HttpResponse<String>> future : responses) {
                HttpResponse<String> response = future.join();
                assertEquals(202, response.statusCode(), response.body());
                ids.add(analysisId(response));
                originals += replayed(response) ? 0 : 1;
            }
            assertEquals(1, ids.size(), "one analysis_id for all: " + ids);
            assertEquals(1, originals, "one answer is the original, the others replay it");
            assertEquals(1, fixture.jobCount(caller.tenantId()), body);
        }
    }

    @Test
    void aDuplicateOfARequestWithoutAnAnalysisYetIs409AndACrashedClaimIsTakenOver() throws Exception {
        TestEdge.Caller caller = caller(Plan.PRO);
        String key = UUID.randomUUID().toString();
        // another instance claimed the key for this very request and has not admitted it yet (or crashed)
        String hash = IdempotencyKeys.requestHash("/v1/analyze", V1Api.parse(Buffer.buffer(ASYNC)).canonical());
        IdempotencyKeys keys = new IdempotencyKeys(fixture.db.vertx, fixture.db.pool, IdempotencyConfig.defaults());
        assertTrue(await(keys.claim(caller.tenantId(), key, hash)) instanceof Claim.Owned);

        HttpResponse<String> busy = post(impatient, caller, key, ASYNC);
        JsonObject e = error(busy, 409, "CONFLICT", KEY);
        long retryAfter = Long.parseLong(busy.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 30, "the rest of the 30 s lease: " + retryAfter);
        assertTrue(e.getString("hint").contains(retryAfter + " s"), e.encode());
        assertEquals(0, fixture.jobCount(caller.tenantId()));

        await(fixture.db.pool.preparedQuery("UPDATE idempotency_keys SET locked_until = now() WHERE tenant_id = $1")
                .execute(Tuple.of(caller.tenantId())));
        HttpResponse<String> takenOver = post(impatient, caller, key, ASYNC);
        assertEquals(202, takenOver.statusCode(), takenOver.body());
        assertFalse(replayed(takenOver));
        assertEquals(1, fixture.jobCount(caller.tenantId()));
    }

    @Test
    void keysArePerTenant() throws Exception {
        TestEdge.Caller one = caller(Plan.PRO);
        TestEdge.Caller other = caller(Plan.PRO);
        String key = "shared-key-1";
        HttpResponse<String> first = post(edge, one, key, ASYNC);
        HttpResponse<String> second = post(edge, other, key, ASYNC.replace("IDEM", "OTHER"));
        assertEquals(202, first.statusCode());
        assertEquals(202, second.statusCode(), second.body());
        assertFalse(replayed(second));
        assertFalse(analysisId(first).equals(analysisId(second)));
        assertEquals(1, fixture.jobCount(other.tenantId()));
    }

    @Test
    void malformedKeysAre400NamingTheHeader() throws Exception {
        TestEdge.Caller caller = caller(Plan.PRO);
        // a non-ASCII key needs raw bytes (Java's client sends "?" for it); RequestFuzzTest sends them
        for (String bad : List.of("", "x".repeat(256), "a\tb")) {
            error(post(edge, caller, bad, ASYNC), 400, "INVALID_ARGUMENT", KEY);
        }
        HttpResponse<String> twice = fixture.send(fixture.request(edge, "POST", "/v1/analyze", "application/json", ASYNC,
                Map.of("Authorization", caller.bearer())).header(KEY, "a").header(KEY, "b").build());
        error(twice, 400, "INVALID_ARGUMENT", KEY);
        assertEquals(0, fixture.jobCount(caller.tenantId()));
        assertEquals(202, post(edge, caller, "x".repeat(255), ASYNC).statusCode(), "255 characters are fine");
    }

    @Test
    void anExpiredRecordIsANewRequest() throws Exception {
        TestEdge.Caller caller = caller(Plan.PRO);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = post(edge, caller, key, ASYNC);
        await(fixture.db.pool.preparedQuery("UPDATE idempotency_keys SET expires_at = now() WHERE tenant_id = $1")
                .execute(Tuple.of(caller.tenantId())));
        HttpResponse<String> later = post(edge, caller, key, ASYNC);
        assertEquals(202, later.statusCode(), later.body());
        assertFalse(replayed(later));
        assertFalse(analysisId(first).equals(analysisId(later)));
        assertEquals(2, fixture.jobCount(caller.tenantId()));
    }

    @Test
    void refusalsDoNotTakeTheKeySoARetryWithItRuns() throws Exception {
        TestEdge.Caller caller = caller(Plan.STARTER);
        String key = UUID.randomUUID().toString();
        error(post(edge, caller, key, "{\"ticker\":\"IDEM\"}"), 400, "INVALID_ARGUMENT", "horizon");
        String busySlot = analysisId(post(edge, caller, null, ASYNC));
        error(post(edge, caller, key, ASYNC), 429, "RESOURCE_EXHAUSTED", null);

        assertTrue(await(fixture.jobs.updateStatus(busySlot, JobStatus.COMPLETE, 100, null)));
        HttpResponse<String> retried = post(edge, caller, key, ASYNC);
        assertEquals(202, retried.statusCode(), retried.body());
        assertFalse(replayed(retried));
        HttpResponse<String> replay = post(edge, caller, key, ASYNC);
        assertTrue(replayed(replay));
        assertEquals(retried.body(), replay.body());
    }
}
