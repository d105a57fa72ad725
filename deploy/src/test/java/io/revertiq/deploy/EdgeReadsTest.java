package io.revertiq.deploy;

import static io.revertiq.deploy.TestVertx.await;
import static io.revertiq.deploy.TestVertx.closeAll;
import io.revertiq.edge.idempotency.IdempotencyConfig;
import io.revertiq.edge.idempotency.IdempotencyKeys;
import io.revertiq.edge.webhooks.WebhookConfig;
import io.revertiq.edge.webhooks.Webhooks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.edge.HttpEdge;
import io.revertiq.edge.api.AnalysisSubmitter;
import io.revertiq.edge.api.AnalysisView;
import io.revertiq.edge.api.V1Api;
import io.revertiq.edge.db.Migrations;
import io.revertiq.edge.db.PostgresConfig;
import io.revertiq.edge.metrics.EdgeMetrics;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.Scope;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.tenancy.Tenant;
import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.engine.synthetic.SyntheticMarket.PlantedCell;
import io.revertiq.ingest.provider.SyntheticProvider;
import io.revertiq.testkit.ApiSchemaCheck;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read side of the API as serve wires it ({@code ServeCommand.Services.readRoutes}), against the real pipeline:
 * every response of a real analysis (request, 202, statuses, the full result, windows pages, manifest, ticker
 * coverage, calendar, errors) validated against the JSON Schemas the edge serves; artifacts byte for byte as the
 * results service stored them; and the scrape with every stream service's Kafka Streams metrics.
 */
@ExtendWith(KafkaPlatformExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdgeReadsTest {
    private static final String REQUEST = """
            {"ticker":"READ","horizon":{"start":"2023-01-03","end":"2023-12-29"},
             "windows":{"spec":"10:00-13:00/60m"},"signal":{"session_reset":true},
             "walk_forward":{"train_days":60,"test_days":20,"step_days":20},
             "significance":{"min_trades":30,"bootstrap_samples":300}}""";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path data;
    private static Vertx vertx;
    private static Pool pool;
    private static Pipeline pipeline;
    private static AnalysisView view;
    private static AnalysisSubmitter submitter;
    private static EdgeMetrics metrics;
    private static HttpEdge edge;
    private static ApiSchemaCheck schemas;
    private static String key;
    private static String analysisId;

    @BeforeAll
    static void start(TestPlatform platform) throws Exception {
        vertx = Vertx.vertx();
        pool = new PostgresConfig(TestPlatform.postgres().freshDatabase(), 4).pool(vertx);
        await(Migrations.migrate(pool));
        TenancyService tenancy = new TenancyService(pool);
        JobStore jobs = new JobStore(pool);
        Tenant tenant = await(tenancy.createTenant("reads", Plan.ENTERPRISE, null));
        key = await(tenancy.createKey(tenant.id(), EnumSet.allOf(Scope.class))).key();
        Pipeline.Config config = new Pipeline.Config(platform.bootstrapServers(), platform.registryUrl(), data,
                new SyntheticProvider(9, List.of(new PlantedCell(2, 10 * 60, 11 * 60, 0.6))), "reads-test", "test", 1,
                Duration.ofHours(24));
        metrics = new EdgeMetrics();
        pipeline = Pipeline.start(config);
        pipeline.bindMetrics(metrics);
        view = new AnalysisView(new StreamsSettings("revertiq-edge-reads", platform.bootstrapServers(),
                platform.registryUrl(), data.resolve("state/edge"), 1), platform.registry(), null)
                .followJobs(jobs).bindMetrics(metrics).start();
        submitter = new AnalysisSubmitter(platform.bootstrapServers(), platform.registry(), Duration.ofSeconds(10));
        V1Api api = ServeCommand.Services.readRoutes(new V1Api(vertx, view, submitter,
                new V1Api.Config(Duration.ofSeconds(90)), tenancy, jobs, new Webhooks(vertx, pool, WebhookConfig.defaults()),
                new IdempotencyKeys(vertx, pool, IdempotencyConfig.defaults())), vertx, config);
        edge = new HttpEdge(vertx, List.of(), api, metrics).start("localhost", 0);
        pipeline.awaitRunning(Duration.ofSeconds(90));
        view.awaitRunning(Duration.ofSeconds(90));
        schemas = ApiSchemaCheck.fetch("http://localhost:" + edge.port());
    }

    @AfterAll
    static void stop() {
        closeAll(vertx, pool, edge, view, submitter, pipeline, metrics);
    }

    private static HttpResponse<byte[]> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + edge.port() + path))
                .timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return send("GET", path, null);
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String ok(HttpResponse<byte[]> response, String schema) {
        assertEquals(200, response.statusCode(), text(response));
        schemas.assertValid(schema, text(response));
        return text(response);
    }

    @Test
    @Order(1)
    void aRealAnalysisAndItsStatusesMatchTheirSchemas() throws Exception {
        String body = new JsonObject(REQUEST).put("async", true).encode();
        schemas.assertValid("analyze-request", body);
        HttpResponse<byte[]> accepted = send("POST", "/v1/analyze", body);
        assertEquals(202, accepted.statusCode(), text(accepted));
        schemas.assertValid("analysis-accepted", text(accepted));
        analysisId = new JsonObject(text(accepted)).getString("analysis_id");
        JsonObject status = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> response = get("/v1/analysis/" + analysisId);
            status = new JsonObject(text(response));
            if ("complete".equals(status.getString("status"))) {
                break;
            }
            ok(response, "analysis-status");
            Thread.sleep(50);
        }
        assertEquals("complete", status.getString("status"));
        JsonObject result = new JsonObject(ok(get("/v1/analysis/" + analysisId), "analysis-result"));
        assertTrue(result.getJsonArray("windows_ranked").size() > 0, "a full result: " + result.encode());
        // the schema is strict enough that a result which drifted from it fails
        assertTrue(!schemas.errors("analysis-result", result.copy().put("colour", 1).encode()).isEmpty());
        JsonObject withoutRank = result.copy();
        withoutRank.getJsonArray("windows_ranked").getJsonObject(0).remove("rank");
        assertTrue(!schemas.errors("analysis-result", withoutRank.encode()).isEmpty());
        JsonObject renamed = result.copy();
        renamed.getJsonObject("diagnostics").put("hurst_exponent", renamed.getJsonObject("diagnostics").remove("hurst"));
        assertTrue(!schemas.errors("analysis-result", renamed.encode()).isEmpty());

        HttpResponse<byte[]> failed = send("POST", "/v1/analyze",
                "{\"ticker\":\"READ\",\"horizon\":{\"start\":\"2023-01-07\",\"end\":\"2023-01-08\"}}");
        assertEquals("failed", new JsonObject(ok(failed, "analysis-status")).getString("status"));
    }

    @Test
    @Order(2)
    void windowsPagesMatchTheirSchema() throws Exception {
        String base = "/v1/analysis/" + analysisId + "/windows";
        assertEquals(15, new JsonObject(ok(get(base), "windows-page")).getJsonArray("windows").size()
                + new JsonObject(text(get("/v1/analysis/" + analysisId))).getJsonArray("windows_insufficient").size());
        ok(get(base + "?fields=rank,dow,oos_sharpe&per_page=3&sort=oos_sharpe&order=desc"), "windows-page");
    }

    @Test
    @Order(3)
    void theManifestListsEveryArtifactAndEachIsServedAsStored() throws Exception {
        JsonObject manifest = new JsonObject(ok(get("/v1/analysis/" + analysisId + "/manifest"), "manifest"));
        JsonObject result = new JsonObject(text(get("/v1/analysis/" + analysisId)));
        assertEquals(result.getJsonObject("provenance").getString("data_hash"), manifest.getString("data_hash"));
        JsonArray artifacts = manifest.getJsonArray("artifacts");
        assertEquals(5, artifacts.size());
        for (int i = 0; i < artifacts.size(); i++) {
            JsonObject artifact = artifacts.getJsonObject(i);
            String name = artifact.getString("key").substring(artifact.getString("key").lastIndexOf('/') + 1);
            HttpResponse<byte[]> response = get("/v1/analysis/" + analysisId + "/artifacts/" + name);
            assertEquals(200, response.statusCode(), name);
            assertEquals(artifact.getString("sha256"),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(response.body())), name);
            assertEquals(artifact.getLong("size_bytes"), (long) response.body().length, name);
            assertEquals(artifact.getString("content_type"), response.headers().firstValue("Content-Type").orElseThrow());
        }
        assertArrayEquals(get("/v1/analysis/" + analysisId).body(),
                get("/v1/analysis/" + analysisId + "/artifacts/result.json").body(),
                "the stored result.json is the result the view serves, byte for byte");
        byte[] png = get("/v1/analysis/" + analysisId + "/artifacts/heatmap.png").body();
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
    }

    @Test
    @Order(4)
    void anAnswerFromTheResultCacheGetsCopiesOfTheArtifacts() throws Exception {
        JsonObject cached = new JsonObject(ok(send("POST", "/v1/analyze", REQUEST), "analysis-result"));
        String id = cached.getString("analysis_id");
        HttpResponse<byte[]> manifest = get("/v1/analysis/" + id + "/manifest");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (manifest.statusCode() == 404 && System.nanoTime() < deadline) {
            Thread.sleep(100); // the results service copies the original's objects once the answer is published
            manifest = get("/v1/analysis/" + id + "/manifest");
        }
        JsonObject copy = new JsonObject(ok(manifest, "manifest"));
        assertEquals(analysisId, copy.getString("cached_from"));
        assertEquals(id, copy.getString("analysis_id"));
        assertArrayEquals(get("/v1/analysis/" + id).body(), get("/v1/analysis/" + id + "/artifacts/result.json").body());
        assertArrayEquals(get("/v1/analysis/" + analysisId + "/artifacts/heatmap.svg").body(),
                get("/v1/analysis/" + id + "/artifacts/heatmap.svg").body());
    }

    @Test
    @Order(5)
    void theTickerCoverageAndTheCalendarMatchTheirSchemasAndTheHorizon() throws Exception {
        JsonObject coverage = new JsonObject(ok(get("/v1/metadata/ticker/READ"), "ticker-coverage"));
        JsonObject dataset = coverage.getJsonArray("datasets").getJsonObject(0);
        int tradingDays = NyseCalendar.instance().tradingDays(LocalDate.of(2023, 1, 3), LocalDate.of(2023, 12, 29)).size();
        assertEquals(tradingDays, dataset.getInteger("trading_days_covered"), dataset.encode());
        assertEquals(tradingDays, dataset.getInteger("trading_days_with_bars"), dataset.encode());
        assertEquals(new JsonArray(), dataset.getJsonArray("gaps"));
        JsonObject calendar = new JsonObject(ok(get("/v1/metadata/calendar?from=2023-01-03&to=2023-12-29"), "calendar"));
        assertEquals(tradingDays, calendar.getInteger("trading_day_count"));
    }

    @Test
    @Order(6)
    void errorsMatchTheErrorSchema() throws Exception {
        for (HttpResponse<byte[]> error : List.of(get("/v1/analysis/an_00000000000000000000000000000000/manifest"),
                get("/v1/analysis/" + analysisId + "/artifacts/secret"), get("/v1/metadata/ticker/lower"),
                get("/v1/metadata/calendar"), get("/v1/nothing"), send("DELETE", "/v1/schemas", null),
                send("POST", "/v1/analyze", "{\"ticker\":\"READ\"}"))) {
            assertTrue(error.statusCode() >= 400, text(error));
            schemas.assertValid("error", text(error));
        }
    }

    @Test
    @Order(7)
    void theScrapeHoldsEveryStreamServiceAndTheRequests() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + edge.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        String scrape = text(response);
        for (String application : Set.of(Pipeline.INGEST_APP, Pipeline.ANALYSIS_APP, Pipeline.RESULTS_APP,
                AnalysisView.APPLICATION_ID)) {
            assertTrue(Pattern.compile("kafka_stream_\\w+\\{[^}]*application=\"" + application + "\"").matcher(scrape).find(),
                    "Kafka Streams metrics of " + application);
        }
        assertTrue(scrape.contains("http_server_requests_seconds_count{method=\"POST\",route=\"/v1/analyze\",status=\"202\"}"),
                "the submit");
        assertTrue(scrape.contains("http_server_requests_seconds_count{method=\"GET\",route=\"/v1/analysis/:id/manifest\",status=\"200\"}"),
                "the manifest");
    }
}
