package io.revertiq.edge.api;

import io.revertiq.edge.idempotency.IdempotencyConfig;
import io.revertiq.edge.idempotency.IdempotencyKeys;
import io.revertiq.edge.webhooks.WebhookConfig;
import io.revertiq.edge.webhooks.Webhooks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.io.ResultJson;
import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.edge.BuildInfo;
import io.revertiq.edge.HttpEdge;
import io.revertiq.edge.db.TestDatabase;
import io.revertiq.edge.metrics.EdgeMetrics;
import io.revertiq.edge.tenancy.JobStatus;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.tenancy.Limits;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.Scope;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.tenancy.Tenant;
import io.revertiq.engine.assembly.AssembledResult.Heatmaps;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.results.artifacts.AnalysisAudit;
import io.revertiq.results.artifacts.ArtifactKeys;
import io.revertiq.results.artifacts.ArtifactWriter;
import io.revertiq.results.artifacts.LocalObjectStore;
import io.revertiq.testkit.ApiSchemaCheck;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read side of /v1 over real HTTP, on the test PostgreSQL and an edge view over the real broker that holds
 * none of these analyses (as after its stores expired): manifests and artifacts from a real object store written by
 * the results service's {@link ArtifactWriter}, results served from that archive, the calendar, ticker coverage
 * from a real lake, the schemas (every response here is validated against them) and the metrics scrape.
 */
@ExtendWith(KafkaPlatformExtension.class)
class ReadRoutesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String TICKER = "READS";

    @TempDir
    static Path data;
    private static TestDatabase db;
    private static AnalysisView view;
    private static EdgeMetrics metrics;
    private static HttpEdge edge;
    private static LocalObjectStore objects;
    private static ApiSchemaCheck schemas;
    private static String key;
    private static String writeOnlyKey;
    private static String otherKey;
    private static String throttledKey;
    private static String complete;
    private static String tampered;
    private static String fromCache;
    private static String running;
    private static String failed;
    private static String resultJson;

    @BeforeAll
    static void start(TestPlatform platform) throws Exception {
        db = TestDatabase.migrated();
        TenancyService tenancy = new TenancyService(db.pool);
        JobStore jobs = new JobStore(db.pool);
        Tenant tenant = await(tenancy.createTenant("reads", Plan.ENTERPRISE, null));
        key = await(tenancy.createKey(tenant.id(), EnumSet.allOf(Scope.class))).key();
        writeOnlyKey = await(tenancy.createKey(tenant.id(), EnumSet.of(Scope.ANALYSES_WRITE))).key();
        Tenant other = await(tenancy.createTenant("reads-other", Plan.PRO, null));
        otherKey = await(tenancy.createKey(other.id(), EnumSet.allOf(Scope.class))).key();
        Tenant throttled = await(tenancy.createTenant("reads-throttled", Plan.ENTERPRISE, new Limits(10, 1, 5, 1)));
        throttledKey = await(tenancy.createKey(throttled.id(), EnumSet.allOf(Scope.class))).key();

        objects = new LocalObjectStore(data.resolve("objects"));
        complete = job(jobs, tenant, JobStatus.COMPLETE, null);
        resultJson = result(complete);
        store(complete, resultJson);
        tampered = job(jobs, tenant, JobStatus.COMPLETE, null);
        store(tampered, result(tampered));
        Files.writeString(data.resolve("objects").resolve(ArtifactKeys.heatmapSvg(tampered)), "<svg>changed</svg>");
        fromCache = job(jobs, tenant, JobStatus.COMPLETE, null);
        running = job(jobs, tenant, JobStatus.RUNNING, null);
        failed = job(jobs, tenant, JobStatus.FAILED, "no bars for READS in the horizon");
        lake();

        view = new AnalysisView(new StreamsSettings("revertiq-edge-reads-test", platform.bootstrapServers(),
                platform.registryUrl(), data.resolve("state"), 1), platform.registry(), null);
        metrics = new EdgeMetrics();
        view.bindMetrics(metrics).start().awaitRunning(Duration.ofSeconds(90));
        AnalysisObjects archive = new AnalysisObjects(objects);
        V1Api api = new V1Api(db.vertx, view, null, new V1Api.Config(Duration.ofSeconds(1)), tenancy, jobs,
                new Webhooks(db.vertx, db.pool, WebhookConfig.defaults()),
                new IdempotencyKeys(db.vertx, db.pool, IdempotencyConfig.defaults()))
                .archive(archive).with(new ArtifactRoutes(db.vertx, archive))
                .with(new MetadataRoutes(db.vertx, new ParquetLake(data.resolve("lake"))))
                .with(new SchemaRoutes(ApiSchemas.load()));
        edge = new HttpEdge(db.vertx, List.of(), api, metrics).start("localhost", 0);
        schemas = ApiSchemaCheck.fetch("http://localhost:" + edge.port());
    }

    @AfterAll
    static void stop() {
        if (edge != null) {
            edge.close();
        }
        if (view != null) {
            view.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        db.close();
    }

    private static <T> T await(Future<T> future) {
        return TestDatabase.await(future);
    }

    private static String job(JobStore jobs, Tenant tenant, JobStatus status, String reason) {
        String id = AnalysisSubmitter.newAnalysisId();
        await(jobs.admit(tenant.id(), id, LocalDate.of(2024, 1, 2), LocalDate.of(2024, 3, 28)));
        if (status != JobStatus.QUEUED) {
            assertTrue(await(jobs.updateStatus(id, status, status == JobStatus.RUNNING ? 40 : 0, reason)));
        }
        return id;
    }

    /** A result as the pipeline renders it (compact, final newline), small enough to read. */
    private static String result(String id) {
        JsonObject window = new JsonObject().put("rank", 1).put("dow", "MON").put("window", "10:00-11:00")
                .put("n_trades", 64).put("oos_sharpe", 1.7);
        JsonObject second = new JsonObject().put("rank", 2).put("dow", "TUE").put("window", "10:00-11:00")
                .put("n_trades", 58).put("oos_sharpe", 0.4);
        return new JsonObject().put("analysis_id", id).put("status", "complete").put("ticker", TICKER)
                .put("windows_ranked", new JsonArray().add(window).add(second)).encode() + "\n";
    }

    private static void store(String id, String result) throws Exception {
        Double[][] grid = {{1.5, null}, {0.25, -0.5}};
        new ArtifactWriter(objects).write(new AnalysisAudit(id, "sha256:" + "ab".repeat(32), "sha256:" + "cd".repeat(32),
                        "test", "engine-test", NyseCalendar.VERSION, "synthetic",
                        List.of(new ResultJson.Input("market/synthetic/bars/READS/1m/2024-01-02.parquet", "ef".repeat(32), 390)),
                        Instant.parse("2024-04-01T12:00:00Z")), result, "rank,dow,window\n1,MON,10:00-11:00\n",
                new Heatmaps(List.of(1, 2), List.of("10:00-11:00", "11:00-12:00"), grid, grid, grid),
                "{\"ticker\":\"READS\"}");
    }

    /**
     * READS in the lake: Jan 2-5 and Jan 10-12 2024 fetched (Jan 11 without bars), Jan 8-9 never fetched: one gap of
     * two trading days.
     */
    private static void lake() throws Exception {
        ParquetLake lake = new ParquetLake(data.resolve("lake"));
        lake.write("synthetic", TICKER, "1m", bars(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 5)),
                LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 5));
        RawBars.Builder twoDays = new RawBars.Builder();
        for (LocalDate day : List.of(LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 12))) {
            addSession(twoDays, day);
        }
        lake.write("synthetic", TICKER, "1m", twoDays.build(), LocalDate.of(2024, 1, 10), LocalDate.of(2024, 1, 12));
    }

    private static RawBars bars(LocalDate from, LocalDate to) {
        RawBars.Builder bars = new RawBars.Builder();
        for (LocalDate day : NyseCalendar.instance().tradingDays(from, to)) {
            addSession(bars, day);
        }
        return bars.build();
    }

    /** Three bars at the session's open. */
    private static void addSession(RawBars.Builder bars, LocalDate day) {
        long open = NyseCalendar.instance().session(day).openEpochMs();
        for (int i = 0; i < 3; i++) {
            bars.add(open + i * 60_000L, 100, 101, 99, 100.5, 1_000, 100.2);
        }
    }

    private static HttpResponse<byte[]> get(String path, String bearer, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + edge.port() + path));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(request::header);
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(BuildInfo.VERSION, response.headers().firstValue(HttpEdge.VERSION_HEADER).orElse(null));
        return response;
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return get(path, key, Map.of());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** Asserts the v1 error format (and its schema) and returns the error object. */
    private static JsonObject error(HttpResponse<byte[]> response, int status, String code, String field) {
        String body = text(response);
        assertEquals(status, response.statusCode(), body);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        schemas.assertValid("error", body);
        JsonObject error = new JsonObject(body).getJsonObject("error");
        assertEquals(code, error.getString("code"), body);
        assertEquals(field, error.getString("field"), body);
        assertFalse(body.contains("Exception"), "no internals: " + body);
        return error;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void theManifestIsServedAsStoredWithItsSha256AsETag() throws Exception {
        HttpResponse<byte[]> response = get("/v1/analysis/" + complete + "/manifest");
        assertEquals(200, response.statusCode(), text(response));
        byte[] stored = objects.get(ArtifactKeys.manifest(complete)).orElseThrow();
        assertArrayEquals(stored, response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("\"" + sha256(stored) + "\"", response.headers().firstValue("ETag").orElseThrow());
        assertEquals("private, no-cache", response.headers().firstValue("Cache-Control").orElseThrow());
        schemas.assertValid("manifest", text(response));
        assertEquals(5, new JsonObject(text(response)).getJsonArray("artifacts").size());
    }

    @Test
    void everyArtifactIsServedWithItsTypeLengthAndManifestSha256() throws Exception {
        JsonArray listed = new JsonObject(text(get("/v1/analysis/" + complete + "/manifest"))).getJsonArray("artifacts");
        Map<String, String> types = Map.of("result.json", "application/json", "params.json", "application/json",
                "windows.csv", "text/csv; charset=utf-8", "heatmap.png", "image/png", "heatmap.svg", "image/svg+xml");
        for (Map.Entry<String, String> artifact : types.entrySet()) {
            String name = artifact.getKey();
            HttpResponse<byte[]> response = get("/v1/analysis/" + complete + "/artifacts/" + name);
            assertEquals(200, response.statusCode(), name + ": " + text(response));
            JsonObject entry = listed.stream().map(JsonObject.class::cast)
                    .filter(a -> a.getString("key").endsWith("/" + name)).findFirst().orElseThrow();
            byte[] stored = objects.get(entry.getString("key")).orElseThrow();
            assertArrayEquals(stored, response.body(), name);
            assertEquals(artifact.getValue(), response.headers().firstValue("Content-Type").orElseThrow(), name);
            assertEquals(entry.getString("content_type"), artifact.getValue(), "the manifest agrees on " + name);
            assertEquals(Long.toString(stored.length), response.headers().firstValue("Content-Length").orElseThrow());
            assertEquals("\"" + entry.getString("sha256") + "\"", response.headers().firstValue("ETag").orElseThrow());
            assertEquals("\"" + sha256(stored) + "\"", response.headers().firstValue("ETag").orElseThrow());
            assertEquals("inline; filename=\"" + complete + "-" + name + "\"",
                    response.headers().firstValue("Content-Disposition").orElseThrow());
        }
        assertEquals(resultJson, text(get("/v1/analysis/" + complete + "/artifacts/result.json")));
        assertTrue(text(get("/v1/analysis/" + complete + "/artifacts/heatmap.svg")).contains("<svg"));
    }

    @Test
    void aMatchingIfNoneMatchIs304WithoutABody() throws Exception {
        String path = "/v1/analysis/" + complete + "/artifacts/heatmap.png";
        String etag = get(path).headers().firstValue("ETag").orElseThrow();
        for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            HttpResponse<byte[]> response = get(path, key, Map.of("If-None-Match", ifNoneMatch));
            assertEquals(304, response.statusCode(), ifNoneMatch);
            assertEquals(0, response.body().length);
            assertEquals(etag, response.headers().firstValue("ETag").orElseThrow());
        }
        assertEquals(200, get(path, key, Map.of("If-None-Match", "\"other\"")).statusCode());
        String manifest = "/v1/analysis/" + complete + "/manifest";
        String manifestTag = get(manifest).headers().firstValue("ETag").orElseThrow();
        assertEquals(304, get(manifest, key, Map.of("If-None-Match", manifestTag)).statusCode());
    }

    @Test
    void anUnknownArtifactNameIs404ListingTheNamesAndNoPathLeavesTheSet() throws Exception {
        JsonObject e = error(get("/v1/analysis/" + complete + "/artifacts/secret.txt"), 404, "NOT_FOUND", null);
        assertEquals("one of result.json, params.json, windows.csv, heatmap.png, heatmap.svg", e.getString("hint"));
        for (String name : List.of("..%2Fmanifest.json", "..%2F..%2Fresults%2F" + complete + "%2Fmanifest.json",
                "%2E%2E%2Fmanifest.json", "result.json%00", "RESULT.JSON", "manifest.json")) {
            error(get("/v1/analysis/" + complete + "/artifacts/" + name), 404, "NOT_FOUND", null);
        }
    }

    @Test
    void anAnalysisWithoutArtifactsIs404WithAHint() throws Exception {
        for (String path : List.of("/manifest", "/artifacts/result.json")) {
            JsonObject notYet = error(get("/v1/analysis/" + running + path), 404, "NOT_FOUND", null);
            assertTrue(notYet.getString("message").contains("not complete yet (status running)"), notYet.encode());
            assertTrue(notYet.getString("hint").contains("wait until"), notYet.encode());
            JsonObject wasFailed = error(get("/v1/analysis/" + failed + path), 404, "NOT_FOUND", null);
            assertTrue(wasFailed.getString("message").contains("failed"), wasFailed.encode());
            JsonObject none = error(get("/v1/analysis/" + fromCache + path), 404, "NOT_FOUND", null);
            assertTrue(none.getString("message").contains("no stored artifacts"), none.encode());
        }
    }

    @Test
    void artifactsAreTenantScopedAndNeedAReadKey() throws Exception {
        for (String path : List.of("/manifest", "/artifacts/heatmap.png")) {
            String url = "/v1/analysis/" + complete + path;
            JsonObject e = error(get(url, otherKey, Map.of()), 404, "NOT_FOUND", null);
            assertTrue(e.getString("message").contains(complete), e.encode());
            error(get(url, null, Map.of()), 401, "UNAUTHENTICATED", null);
            error(get(url, writeOnlyKey, Map.of()), 403, "PERMISSION_DENIED", null);
            error(get("/v1/analysis/an_00000000000000000000000000000000" + path), 404, "NOT_FOUND", null);
        }
    }

    @Test
    void anArtifactThatNoLongerMatchesItsManifestIsNeverServed() throws Exception {
        JsonObject e = error(get("/v1/analysis/" + tampered + "/artifacts/heatmap.svg"), 500, "INTERNAL", null);
        assertFalse(e.getString("message").contains("sha256"), "no details: " + e.encode());
        assertEquals(200, get("/v1/analysis/" + tampered + "/artifacts/heatmap.png").statusCode(),
                "the untouched artifacts of the analysis are still served");
    }

    @Test
    void aResultTheViewNoLongerHoldsIsServedFromTheArchiveByteForByte() throws Exception {
        HttpResponse<byte[]> response = get("/v1/analysis/" + complete);
        assertEquals(200, response.statusCode(), text(response));
        assertArrayEquals(objects.get(ArtifactKeys.resultJson(complete)).orElseThrow(), response.body());
        HttpResponse<byte[]> windows = get("/v1/analysis/" + complete + "/windows?sort=oos_sharpe&order=asc");
        assertEquals(200, windows.statusCode(), text(windows));
        schemas.assertValid("windows-page", text(windows));
        JsonArray page = new JsonObject(text(windows)).getJsonArray("windows");
        assertEquals(List.of("TUE", "MON"), page.stream().map(w -> ((JsonObject) w).getString("dow")).toList());
        assertEquals("2", windows.headers().firstValue("X-Total").orElseThrow());
    }

    @Test
    void withoutTheViewTheJobRowAnswersTheStatus() throws Exception {
        JsonObject failedStatus = new JsonObject(text(get("/v1/analysis/" + failed)));
        schemas.assertValid("analysis-status", failedStatus.encode());
        assertEquals("failed", failedStatus.getString("status"));
        assertEquals("no bars for READS in the horizon", failedStatus.getString("reason"));
        JsonObject runningStatus = new JsonObject(text(get("/v1/analysis/" + running)));
        schemas.assertValid("analysis-status", runningStatus.encode());
        assertEquals(40.0, runningStatus.getDouble("progress_pct"));
        JsonObject gone = error(get("/v1/analysis/" + fromCache), 404, "NOT_FOUND", null);
        assertTrue(gone.getString("message").contains("no longer stored"), gone.encode());
        error(get("/v1/analysis/" + fromCache + "/windows"), 404, "NOT_FOUND", null);
        JsonObject notYet = error(get("/v1/analysis/" + running + "/windows"), 404, "NOT_FOUND", null);
        assertTrue(notYet.getString("message").contains("no result yet (status running)"), notYet.encode());
    }

    @Test
    void theCalendarListsSessionsEarlyClosesAndHolidays() throws Exception {
        HttpResponse<byte[]> response = get("/v1/metadata/calendar?from=2024-12-20&to=2025-01-10");
        assertEquals(200, response.statusCode(), text(response));
        schemas.assertValid("calendar", text(response));
        JsonObject calendar = new JsonObject(text(response));
        List<LocalDate> expected = NyseCalendar.instance().tradingDays(LocalDate.of(2024, 12, 20), LocalDate.of(2025, 1, 10));
        JsonArray days = calendar.getJsonArray("trading_days");
        assertEquals(expected.size(), calendar.getInteger("trading_day_count"));
        assertEquals(expected.stream().map(LocalDate::toString).toList(),
                days.stream().map(d -> ((JsonObject) d).getString("date")).toList());
        assertEquals(new JsonArray().add("2024-12-25").add("2025-01-01").add("2025-01-09"), calendar.getJsonArray("holidays"));
        assertEquals(new JsonArray().add("2024-12-24"), calendar.getJsonArray("early_closes"));
        JsonObject christmasEve = days.stream().map(JsonObject.class::cast)
                .filter(d -> d.getString("date").equals("2024-12-24")).findFirst().orElseThrow();
        assertEquals(new JsonObject().put("date", "2024-12-24").put("open", "09:30").put("close", "13:00")
                .put("early_close", true), christmasEve);
    }

    @Test
    void aBadCalendarRangeIs400NamingTheParameter() throws Exception {
        Map<String, String> cases = Map.of("to=2024-01-31", "from", "from=2024-01-02", "to",
                "from=2024-13-01&to=2024-12-31", "from", "from=2014-12-31&to=2015-01-31", "from",
                "from=2024-01-02&to=2028-01-03", "to", "from=2024-02-01&to=2024-01-31", "to",
                "from=2015-01-02&to=2020-01-03", "to");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            error(get("/v1/metadata/calendar?" + c.getKey()), 400, "INVALID_ARGUMENT", c.getValue());
        }
        error(get("/v1/metadata/calendar?from=2024-01-02&to=2024-01-31", null, Map.of()), 401, "UNAUTHENTICATED", null);
    }

    @Test
    void tickerCoverageNamesTheDatasetAndItsGaps() throws Exception {
        HttpResponse<byte[]> response = get("/v1/metadata/ticker/" + TICKER);
        assertEquals(200, response.statusCode(), text(response));
        schemas.assertValid("ticker-coverage", text(response));
        JsonObject coverage = new JsonObject(text(response));
        assertEquals("2024-01-02", coverage.getString("first_date"));
        assertEquals("2024-01-12", coverage.getString("last_date"));
        JsonObject dataset = coverage.getJsonArray("datasets").getJsonObject(0);
        assertEquals("synthetic", dataset.getString("provider"));
        assertEquals("1m", dataset.getString("interval"));
        assertEquals("market/synthetic/bars/READS/1m", dataset.getString("dataset"));
        assertEquals(9, dataset.getInteger("trading_days"), "Jan 2-5 and 8-12");
        assertEquals(7, dataset.getInteger("trading_days_covered"));
        assertEquals(6, dataset.getInteger("trading_days_with_bars"), "Jan 11 was fetched without bars");
        assertEquals(18L, dataset.getLong("bars"));
        assertEquals(new JsonArray().add(new JsonObject().put("from", "2024-01-08").put("to", "2024-01-09")
                .put("trading_days", 2)), dataset.getJsonArray("gaps"));
    }

    @Test
    void anUnknownTickerIs404AndAnInvalidOne400() throws Exception {
        JsonObject e = error(get("/v1/metadata/ticker/NEVER"), 404, "NOT_FOUND", null);
        assertTrue(e.getString("message").contains("NEVER"), e.encode());
        for (String ticker : List.of("spy", "TOOLONGTICKER", "1ABC", "A%20B", "A_B")) {
            error(get("/v1/metadata/ticker/" + ticker), 400, "INVALID_ARGUMENT", "ticker");
        }
    }

    @Test
    void schemasArePublicListedAndEachIsServed() throws Exception {
        HttpResponse<byte[]> list = get("/v1/schemas", null, Map.of());
        assertEquals(200, list.statusCode(), text(list));
        schemas.assertValid("schema-list", text(list));
        assertEquals(Set.of("analyze-request", "analysis-accepted", "analysis-status", "analysis-result", "window",
                "windows-page", "error", "manifest", "calendar", "ticker-coverage", "schema-list"), schemas.names());
        HttpResponse<byte[]> one = get("/v1/schemas/window", null, Map.of());
        assertEquals("application/schema+json", one.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(ApiSchemas.ID_BASE + "window", new JsonObject(text(one)).getString("$id"));
        JsonObject e = error(get("/v1/schemas/nothing", null, Map.of()), 404, "NOT_FOUND", null);
        assertTrue(e.getString("hint").contains("analysis-result"), e.encode());
    }

    @Test
    void theSchemasRejectWhatTheServerRejects() {
        schemas.assertValid("analyze-request", """
                {"ticker":"SPY","horizon":{"start":"2024-01-02","end":"2024-06-28"},"bar":{"interval":"5m"},
                 "signal":{"detrend":null},"async":true}""");
        assertFalse(schemas.errors("analyze-request", "{\"ticker\":\"spy\",\"horizon\":{\"start\":\"2024-01-02\","
                + "\"end\":\"2024-06-28\"}}").isEmpty(), "lowercase ticker");
        assertFalse(schemas.errors("analyze-request", "{\"ticker\":\"SPY\"}").isEmpty(), "no horizon");
        assertFalse(schemas.errors("analyze-request", "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2024-01-02\","
                + "\"end\":\"2024-06-28\"},\"colour\":1}").isEmpty(), "unknown field");
        assertFalse(schemas.errors("analysis-status", "{\"analysis_id\":\"an_1\",\"status\":\"queued\"}").isEmpty());
    }

    @Test
    void theScrapeCountsRequestsByRouteTemplateAndRejectionsByReason() throws Exception {
        String before = scrape();
        get("/v1/analysis/" + complete + "/artifacts/heatmap.png");
        get("/v1/analysis/" + complete + "/artifacts/heatmap.svg");
        get("/v1/nothing/here");
        get("/v1/metadata/calendar?from=2024-01-02&to=2024-01-31", null, Map.of());
        get("/v1/metadata/calendar?from=2024-01-02&to=2024-01-31", "rq_unknownKey0000000000000000000000", Map.of());
        get("/v1/metadata/calendar?from=2024-01-02&to=2024-01-31", throttledKey, Map.of());
        assertEquals(429, get("/v1/metadata/calendar?from=2024-01-02&to=2024-01-31", throttledKey, Map.of()).statusCode());
        String after = scrape();

        String artifact = "http_server_requests_seconds_count{method=\"GET\",route=\"/v1/analysis/:id/artifacts/:name\",status=\"200\"}";
        assertEquals(value(before, artifact) + 2, value(after, artifact), "one series for both artifacts");
        assertFalse(after.contains(complete), "no raw path (or id) in any label");
        String unmatched = "http_server_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}";
        assertEquals(value(before, unmatched) + 1, value(after, unmatched));
        assertTrue(after.contains("http_server_requests_seconds_bucket{method=\"GET\",route=\"/v1/analysis/:id/artifacts/:name\",status=\"200\",le="),
                "a latency histogram");
        for (String reason : List.of("missing_key", "invalid_key")) {
            String series = "revertiq_auth_failures_total{reason=\"" + reason + "\"}";
            assertEquals(value(before, series) + 1, value(after, series), reason);
        }
        String rateLimited = "revertiq_quota_rejections_total{reason=\"rate_limit\"}";
        assertEquals(value(before, rateLimited) + 1, value(after, rateLimited));
        assertEquals(0, value(after, "revertiq_quota_rejections_total{reason=\"daily_quota\"}"), "every reason is listed");
        assertTrue(after.contains("jvm_memory_used_bytes{"), "JVM basics");
        assertTrue(Pattern.compile("kafka_stream_\\w+\\{[^}]*application=\"revertiq-edge\"").matcher(after).find(),
                "the view's Kafka Streams metrics");
    }

    private static String scrape() throws Exception {
        HttpResponse<byte[]> response = get("/metrics", null, Map.of());
        assertEquals(200, response.statusCode());
        assertEquals(EdgeMetrics.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
        return text(response);
    }

    /** The value of one series of a scrape; 0 when it is absent. */
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
