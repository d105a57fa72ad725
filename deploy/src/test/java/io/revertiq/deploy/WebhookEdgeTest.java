package io.revertiq.deploy;

import static io.revertiq.deploy.TestVertx.await;
import static io.revertiq.deploy.TestVertx.closeAll;
import io.revertiq.edge.idempotency.IdempotencyConfig;
import io.revertiq.edge.idempotency.IdempotencyKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.edge.HttpEdge;
import io.revertiq.edge.api.AnalysisSubmitter;
import io.revertiq.edge.api.AnalysisView;
import io.revertiq.edge.api.V1Api;
import io.revertiq.edge.db.Migrations;
import io.revertiq.edge.db.PostgresConfig;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.Scope;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.tenancy.Tenant;
import io.revertiq.edge.webhooks.DeadLetterPublisher;
import io.revertiq.edge.webhooks.WebhookConfig;
import io.revertiq.edge.webhooks.WebhookDispatcher;
import io.revertiq.edge.webhooks.WebhookSignature;
import io.revertiq.edge.webhooks.WebhookVerifier;
import io.revertiq.edge.webhooks.Webhooks;
import io.revertiq.engine.synthetic.SyntheticMarket.PlantedCell;
import io.revertiq.ingest.provider.SyntheticProvider;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks end to end: {@code POST /v1/analyze} with a {@code webhook_url} against the real pipeline on the embedded
 * broker, the edge's view recording the event in the test PostgreSQL, the dispatcher delivering it to a receiver
 * over real HTTP that verifies the signature, and the delivery log.
 */
@ExtendWith(KafkaPlatformExtension.class)
class WebhookEdgeTest {
    /** A year of synthetic 1-minute bars with a planted Tuesday 10:00-11:00 window; 10 cells. */
    private static final String REQUEST = """
            {"ticker":"HOOK","horizon":{"start":"2023-01-03","end":"2023-12-29"},
             "windows":{"spec":"10:00-12:00/60m"},"signal":{"session_reset":true},
             "walk_forward":{"train_days":60,"test_days":20,"step_days":20},
             "significance":{"min_trades":30,"bootstrap_samples":200},"async":true}""";
    private static final WebhookConfig FAST = new WebhookConfig(Duration.ofMillis(200), Duration.ofSeconds(1), 3,
            Duration.ofSeconds(5), Duration.ofMillis(50), 8, false, Duration.ofHours(1));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path data;
    private static Vertx vertx;
    private static Pool pool;
    private static Pipeline pipeline;
    private static AnalysisView view;
    private static AnalysisSubmitter submitter;
    private static DeadLetterPublisher deadLetters;
    private static WebhookDispatcher dispatcher;
    private static HttpEdge edge;
    private static VerifyingReceiver receiver;
    private static Tenant tenant;
    private static String key;
    private static String otherKey;

    @BeforeAll
    static void start(TestPlatform platform) throws Exception {
        vertx = Vertx.vertx();
        pool = new PostgresConfig(TestPlatform.postgres().freshDatabase(), 8).pool(vertx);
        await(Migrations.migrate(pool));
        TenancyService tenancy = new TenancyService(pool);
        JobStore jobs = new JobStore(pool);
        tenant = await(tenancy.createTenant("hook-test", Plan.PRO, null));
        key = await(tenancy.createKey(tenant.id(), EnumSet.allOf(Scope.class))).key();
        Tenant other = await(tenancy.createTenant("hook-other", Plan.PRO, null));
        otherKey = await(tenancy.createKey(other.id(), EnumSet.allOf(Scope.class))).key();
        Webhooks webhooks = new Webhooks(vertx, pool, FAST);
        receiver = new VerifyingReceiver(vertx, await(webhooks.secrets().current(tenant.id())).secret());

        pipeline = Pipeline.start(new Pipeline.Config(platform.bootstrapServers(), platform.registryUrl(), data,
                new SyntheticProvider(11, List.of(new PlantedCell(2, 10 * 60, 11 * 60, 0.6))), "hook-test", "test", 1,
                Duration.ofHours(24)));
        view = new AnalysisView(new StreamsSettings("revertiq-edge-hook-test", platform.bootstrapServers(),
                platform.registryUrl(), data.resolve("state/edge"), 1), platform.registry(), null)
                .followJobs(jobs).onOutcome(webhooks).start();
        submitter = new AnalysisSubmitter(platform.bootstrapServers(), platform.registry(), Duration.ofSeconds(10));
        deadLetters = new DeadLetterPublisher(vertx, platform.bootstrapServers(), platform.registry(), Duration.ofSeconds(10));
        dispatcher = new WebhookDispatcher(vertx, webhooks, deadLetters).start();
        edge = new HttpEdge(vertx, List.of(), new V1Api(vertx, view, submitter, new V1Api.Config(Duration.ofSeconds(90)),
                tenancy, jobs, webhooks,
                new IdempotencyKeys(vertx, pool, IdempotencyConfig.defaults()))).start("localhost", 0);
        pipeline.awaitRunning(Duration.ofSeconds(90));
        view.awaitRunning(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        closeAll(vertx, pool, edge, dispatcher, deadLetters, view, submitter, pipeline, receiver);
    }

    private static String receiverUrl() {
        return receiver.url("/revertiq");
    }

    private static HttpResponse<String> send(String method, String path, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + edge.port() + path))
                .timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + bearer);
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String submit(JsonObject request) throws Exception {
        HttpResponse<String> accepted = send("POST", "/v1/analyze", request.encode(), key);
        assertEquals(202, accepted.statusCode(), accepted.body());
        return new JsonObject(accepted.body()).getString("analysis_id");
    }

    /** The deliveries the receiver got for {@code analysisId}, once there is at least one. */
    private static List<VerifyingReceiver.Received> deliveriesOf(String analysisId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            List<VerifyingReceiver.Received> mine = receiver.received().stream().filter(r -> analysisId.equals(
                    new JsonObject(r.body()).getJsonObject("data").getString("analysis_id"))).toList();
            if (!mine.isEmpty()) {
                return mine;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no webhook for " + analysisId + "; received " + receiver.received());
    }

    /** The delivery log once its one delivery is delivered. */
    private static JsonObject deliveredLog(String analysisId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonObject log = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send("GET", "/v1/analysis/" + analysisId + "/webhooks", null, key);
            assertEquals(200, response.statusCode(), response.body());
            log = new JsonObject(response.body());
            JsonArray deliveries = log.getJsonArray("deliveries");
            if (deliveries.size() == 1 && deliveries.getJsonObject(0).getString("status").equals("delivered")) {
                return log;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not delivered: " + log);
    }

    @Test
    void aCompleteAnalysisIsDeliveredOnceSignedWithTheCompactPayload() throws Exception {
        String id = submit(new JsonObject(REQUEST).put("webhook_url", receiverUrl()));
        List<VerifyingReceiver.Received> deliveries = deliveriesOf(id);
        VerifyingReceiver.Received delivery = deliveries.get(0);
        assertEquals(WebhookVerifier.Verdict.VALID, delivery.verdict());
        assertEquals("analysis.complete", delivery.headers().get(WebhookDispatcher.EVENT_HEADER));
        assertEquals("1", delivery.headers().get(WebhookDispatcher.ATTEMPT_HEADER));
        assertTrue(delivery.headers().get(WebhookSignature.SIGNATURE_HEADER).matches("sha256=[0-9a-f]{64}"));

        JsonObject event = new JsonObject(delivery.body());
        assertTrue(event.getString("id").matches("evt_[0-9a-f]{32}"), event.encode());
        assertEquals("analysis.complete", event.getString("type"));
        assertEquals("v1", event.getString("api_version"));
        JsonObject result = new JsonObject(send("GET", "/v1/analysis/" + id, null, key).body());
        assertEquals("complete", result.getString("status"));
        JsonObject data = event.getJsonObject("data");
        assertEquals(id, data.getString("analysis_id"));
        assertEquals("complete", data.getString("status"));
        assertEquals("HOOK", data.getString("ticker"));
        assertEquals(result.getJsonObject("horizon"), data.getJsonObject("horizon"));
        assertEquals(result.getJsonObject("provenance").getString("data_hash"), data.getString("data_hash"));
        JsonObject stats = result.getJsonObject("global_stats");
        assertEquals(new JsonObject().put("evaluated", stats.getInteger("cells_evaluated"))
                .put("tested", stats.getInteger("cells_in_family"))
                .put("significant", stats.getInteger("cells_significant")), data.getJsonObject("windows"));
        JsonArray top = data.getJsonArray("top_windows");
        JsonArray ranked = result.getJsonArray("windows_ranked");
        assertEquals(Math.min(3, ranked.size()), top.size());
        assertFalse(top.isEmpty(), "the planted window is ranked");
        for (int i = 0; i < top.size(); i++) {
            JsonObject compact = top.getJsonObject(i);
            JsonObject full = ranked.getJsonObject(i);
            compact.fieldNames().forEach(f -> assertEquals(full.getValue(f), compact.getValue(f), f));
        }
        assertEquals("/v1/analysis/" + id, data.getJsonObject("links").getString("analysis"));

        JsonObject log = deliveredLog(id);
        assertEquals(receiverUrl(), log.getString("webhook_url"));
        JsonObject logged = log.getJsonArray("deliveries").getJsonObject(0);
        assertEquals(event.getString("id"), logged.getString("event_id"));
        assertEquals(delivery.headers().get(WebhookDispatcher.DELIVERY_HEADER), logged.getString("delivery_id"));
        assertEquals(1, logged.getInteger("attempt_count"));
        assertEquals(200, logged.getJsonArray("attempts").getJsonObject(0).getInteger("http_status"));
        assertEquals(1, deliveriesOf(id).size(), "one event, one delivery");
    }

    @Test
    void aFailedAnalysisIsDeliveredAsAnalysisFailed() throws Exception {
        JsonObject weekend = new JsonObject().put("ticker", "HOOK")
                .put("horizon", new JsonObject().put("start", "2023-01-07").put("end", "2023-01-08"))
                .put("async", true).put("webhook_url", receiverUrl());
        String id = submit(weekend);
        VerifyingReceiver.Received delivery = deliveriesOf(id).get(0);
        assertEquals(WebhookVerifier.Verdict.VALID, delivery.verdict());
        assertEquals("analysis.failed", delivery.headers().get(WebhookDispatcher.EVENT_HEADER));
        JsonObject data = new JsonObject(delivery.body()).getJsonObject("data");
        assertEquals("failed", data.getString("status"));
        assertTrue(data.getString("reason").contains("no bars"), data.encode());
        JsonObject status = new JsonObject(send("GET", "/v1/analysis/" + id, null, key).body());
        assertEquals(status.getString("reason"), data.getString("reason"));
        assertEquals(status.getString("stage"), data.getString("stage"));
        assertEquals("delivered", deliveredLog(id).getJsonArray("deliveries").getJsonObject(0).getString("status"));
    }

    @Test
    void badWebhookUrlsAre400OnWebhookUrlAndAdmitNothing() throws Exception {
        long jobsBefore = jobCount();
        Map<Object, String> cases = Map.of(
                42, "must be a string",
                "http://hooks.example.com/revertiq", "https",
                "/relative/hook", "absolute",
                "https://user:secret@hooks.example.com/x", "credentials");
        for (Map.Entry<Object, String> c : cases.entrySet()) {
            HttpResponse<String> response = send("POST", "/v1/analyze",
                    new JsonObject(REQUEST).put("webhook_url", c.getKey()).encode(), key);
            assertEquals(400, response.statusCode(), response.body());
            JsonObject body = new JsonObject(response.body());
            JsonObject error = body.getJsonObject("error");
            assertEquals("INVALID_ARGUMENT", error.getString("code"));
            assertEquals("webhook_url", error.getString("field"));
            assertTrue(error.getString("message").contains(c.getValue()), response.body());
            assertFalse(error.getString("hint").isBlank());
            assertTrue(body.getString("request_id").startsWith("req_"));
        }
        assertEquals(jobsBefore, jobCount(), "a refused request is not admitted");
    }

    @Test
    void theDeliveryLogIsTenantScopedAndEmptyWithoutAWebhook() throws Exception {
        String id = submit(new JsonObject(REQUEST));
        HttpResponse<String> own = send("GET", "/v1/analysis/" + id + "/webhooks", null, key);
        assertEquals(200, own.statusCode(), own.body());
        JsonObject log = new JsonObject(own.body());
        assertEquals(id, log.getString("analysis_id"));
        assertNull(log.getValue("webhook_url"));
        assertEquals(new JsonArray(), log.getJsonArray("deliveries"));
        HttpResponse<String> foreign = send("GET", "/v1/analysis/" + id + "/webhooks", null, otherKey);
        assertEquals(404, foreign.statusCode(), foreign.body());
        assertEquals("NOT_FOUND", new JsonObject(foreign.body()).getJsonObject("error").getString("code"));
    }

    private static long jobCount() {
        return await(pool.preparedQuery("SELECT count(*) FROM jobs WHERE tenant_id = $1").execute(Tuple.of(tenant.id())))
                .iterator().next().getLong(0);
    }
}
