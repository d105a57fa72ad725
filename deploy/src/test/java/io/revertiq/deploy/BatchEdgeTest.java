package io.revertiq.deploy;

import static io.revertiq.deploy.TestVertx.await;
import static io.revertiq.deploy.TestVertx.closeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.edge.HttpEdge;
import io.revertiq.edge.api.AnalysisSubmitter;
import io.revertiq.edge.api.AnalysisView;
import io.revertiq.edge.api.BatchApi;
import io.revertiq.edge.api.V1Api;
import io.revertiq.edge.batch.BatchConfig;
import io.revertiq.edge.batch.BatchScheduler;
import io.revertiq.edge.batch.BatchStore;
import io.revertiq.edge.db.Migrations;
import io.revertiq.edge.db.PostgresConfig;
import io.revertiq.edge.idempotency.IdempotencyConfig;
import io.revertiq.edge.idempotency.IdempotencyKeys;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.Scope;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.tenancy.Tenant;
import io.revertiq.edge.webhooks.DeadLetterPublisher;
import io.revertiq.edge.webhooks.WebhookConfig;
import io.revertiq.edge.webhooks.WebhookDispatcher;
import io.revertiq.edge.webhooks.WebhookVerifier;
import io.revertiq.edge.webhooks.Webhooks;
import io.revertiq.engine.synthetic.SyntheticMarket.PlantedCell;
import io.revertiq.ingest.provider.SyntheticProvider;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches end to end: {@code POST /v1/batch/analyze} against the real pipeline on the embedded broker, the job rows in
 * the test PostgreSQL following the status topic, the batch scheduler starting waiting items as slots free up, results
 * read over real HTTP, and each item's webhook delivered signed to a receiver.
 */
@ExtendWith(KafkaPlatformExtension.class)
class BatchEdgeTest {
    /** A year of synthetic 1-minute bars with a planted Wednesday 10:00-11:00 window; 10 cells. */
    private static final String ITEM = """
            {"ticker":"%s","horizon":{"start":"2023-01-03","end":"2023-12-29"},
             "windows":{"spec":"10:00-12:00/60m"},"signal":{"session_reset":true},
             "walk_forward":{"train_days":60,"test_days":20,"step_days":20},
             "significance":{"min_trades":30,"bootstrap_samples":200}}""";
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
    private static BatchScheduler scheduler;
    private static HttpEdge edge;
    private static VerifyingReceiver receiver;
    private static String proKey;
    private static Tenant starter;
    private static String starterKey;

    @BeforeAll
    static void start(TestPlatform platform) throws Exception {
        vertx = Vertx.vertx();
        pool = new PostgresConfig(TestPlatform.postgres().freshDatabase(), 8).pool(vertx);
        await(Migrations.migrate(pool));
        TenancyService tenancy = new TenancyService(pool);
        JobStore jobs = new JobStore(pool);
        Tenant pro = await(tenancy.createTenant("batch-pro", Plan.PRO, null));
        proKey = await(tenancy.createKey(pro.id(), EnumSet.allOf(Scope.class))).key();
        starter = await(tenancy.createTenant("batch-starter", Plan.STARTER, null));
        starterKey = await(tenancy.createKey(starter.id(), EnumSet.allOf(Scope.class))).key();
        Webhooks webhooks = new Webhooks(vertx, pool, FAST);
        receiver = new VerifyingReceiver(vertx, await(webhooks.secrets().current(pro.id())).secret());

        pipeline = Pipeline.start(new Pipeline.Config(platform.bootstrapServers(), platform.registryUrl(), data,
                new SyntheticProvider(13, List.of(new PlantedCell(3, 10 * 60, 11 * 60, 0.6))), "batch-test", "test", 1,
                Duration.ofHours(24)));
        view = new AnalysisView(new StreamsSettings("revertiq-edge-batch-e2e", platform.bootstrapServers(),
                platform.registryUrl(), data.resolve("state/edge"), 1), platform.registry(), null)
                .followJobs(jobs).onOutcome(webhooks).start();
        submitter = new AnalysisSubmitter(platform.bootstrapServers(), platform.registry(), Duration.ofSeconds(10));
        deadLetters = new DeadLetterPublisher(vertx, platform.bootstrapServers(), platform.registry(), Duration.ofSeconds(10));
        dispatcher = new WebhookDispatcher(vertx, webhooks, deadLetters).start();
        BatchConfig batchConfig = new BatchConfig(10, Duration.ofMillis(100));
        BatchStore batches = new BatchStore(pool, webhooks);
        scheduler = new BatchScheduler(vertx, batches, jobs, submitter, webhooks, batchConfig).start();
        IdempotencyKeys idempotency = new IdempotencyKeys(vertx, pool, IdempotencyConfig.defaults());
        edge = new HttpEdge(vertx, List.of(), new V1Api(vertx, view, submitter, new V1Api.Config(Duration.ofSeconds(90)),
                tenancy, jobs, webhooks, idempotency)
                .withBatches(new BatchApi(batches, scheduler, webhooks, idempotency, batchConfig))).start("localhost", 0);
        pipeline.awaitRunning(Duration.ofSeconds(90));
        view.awaitRunning(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        closeAll(vertx, pool, edge, scheduler, dispatcher, deadLetters, view, submitter, pipeline, receiver);
    }

    private static HttpResponse<String> send(String method, String path, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + edge.port() + path))
                .timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + bearer);
        if (body != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject submitBatch(String bearer, String extra, String... tickers) throws Exception {
        List<String> items = new ArrayList<>();
        for (String ticker : tickers) {
            items.add(ITEM.formatted(ticker));
        }
        HttpResponse<String> accepted = send("POST", "/v1/batch/analyze",
                "{\"requests\":[" + String.join(",", items) + "]" + extra + "}", bearer);
        assertEquals(202, accepted.statusCode(), accepted.body());
        return new JsonObject(accepted.body());
    }

    private static List<String> ids(JsonObject batch) {
        return batch.getJsonArray("analyses").stream().map(a -> ((JsonObject) a).getString("analysis_id")).toList();
    }

    private static JsonObject awaitEnded(String batchId, String bearer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        JsonObject batch = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send("GET", "/v1/batch/" + batchId, null, bearer);
            assertEquals(200, response.statusCode(), response.body());
            batch = new JsonObject(response.body());
            if (Set.of("complete", "failed", "partial_failure").contains(batch.getString("status"))) {
                return batch;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the batch did not end: " + batch);
    }

    /** The result of a complete analysis (the result topic may trail the status that completed the job). */
    private static JsonObject result(String analysisId, String bearer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonObject body = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send("GET", "/v1/analysis/" + analysisId, null, bearer);
            assertEquals(200, response.statusCode(), response.body());
            body = new JsonObject(response.body());
            if ("complete".equals(body.getString("status"))) {
                return body;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no result for " + analysisId + ": " + body);
    }

    @Test
    void aBatchOfThreeCompletesWithResultsAndASignedWebhookPerAnalysis() throws Exception {
        String hook = receiver.url("/batch");
        JsonObject accepted = submitBatch(proKey, ",\"name\":\"e2e\",\"webhook_url\":\"" + hook + "\"", "BTA", "BTB", "BTC");
        List<String> ids = ids(accepted);
        JsonObject batch = awaitEnded(accepted.getString("batch_id"), proKey);
        assertEquals("complete", batch.getString("status"), batch.encode());
        assertEquals(3, batch.getJsonObject("counts").getInteger("complete"));
        assertEquals(100.0, batch.getDouble("progress_pct"));
        for (int i = 0; i < ids.size(); i++) {
            JsonObject result = result(ids.get(i), proKey);
            assertEquals(List.of("BTA", "BTB", "BTC").get(i), result.getString("ticker"), result.encodePrettily());
            HttpResponse<String> windows = send("GET", "/v1/analysis/" + ids.get(i) + "/windows", null, proKey);
            assertEquals(200, windows.statusCode(), windows.body());
        }

        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (receiver.received().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(3, receiver.received().size(), receiver.received().toString());
        List<String> delivered = new ArrayList<>();
        for (VerifyingReceiver.Received received : receiver.received()) {
            assertEquals(WebhookVerifier.Verdict.VALID, received.verdict());
            assertEquals("analysis.complete", received.headers().get(WebhookDispatcher.EVENT_HEADER));
            delivered.add(new JsonObject(received.body()).getJsonObject("data").getString("analysis_id"));
        }
        assertEquals(Set.copyOf(ids), Set.copyOf(delivered));
    }

    @Test
    void aStarterBatchRunsItsAnalysesOneAtATime() throws Exception {
        JsonObject accepted = submitBatch(starterKey, "", "BTS", "BTT", "BTU");
        List<String> ids = ids(accepted);
        assertEquals(List.of("queued", "waiting", "waiting"), accepted.getJsonArray("analyses").stream()
                .map(a -> ((JsonObject) a).getString("status")).toList());
        List<String> startOrder = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        int ended = 0;
        while (ended < ids.size() && System.nanoTime() < deadline) {
            List<String> active = new ArrayList<>();
            ended = 0;
            for (Row row : await(pool.preparedQuery("SELECT analysis_id, status FROM jobs WHERE tenant_id = $1")
                    .execute(Tuple.of(starter.id())))) {
                String status = row.getString("status");
                if (status.equals("queued") || status.equals("running")) {
                    active.add(row.getString("analysis_id"));
                } else if (status.equals("complete") || status.equals("failed")) {
                    ended++;
                }
            }
            assertTrue(active.size() <= 1, "the starter plan runs one analysis at a time: " + active);
            active.stream().filter(id -> !startOrder.contains(id)).forEach(startOrder::add);
            Thread.sleep(50);
        }
        JsonObject batch = awaitEnded(accepted.getString("batch_id"), starterKey);
        assertEquals("complete", batch.getString("status"), batch.encode());
        assertEquals(ids, startOrder, "the items started in order, each seen running alone");
        assertEquals("BTU", result(ids.get(2), starterKey).getString("ticker"));
        assertEquals(404, send("GET", "/v1/batch/" + accepted.getString("batch_id"), null, proKey).statusCode(),
                "another tenant's batch");
    }
}
