package io.revertiq.deploy;

import io.revertiq.edge.idempotency.IdempotencyConfig;
import io.revertiq.edge.webhooks.WebhookConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.engine.synthetic.SyntheticMarket.PlantedCell;
import io.revertiq.results.artifacts.ArtifactKeys;
import io.revertiq.results.demo.RankedTable;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
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
 * {@code run}, {@code status} and {@code export} as a user types them, over real HTTP against serve's own services
 * (pipeline, edge view, HTTP edge, PostgreSQL tenancy) on the test broker, with a key made by {@code admin}.
 */
@ExtendWith(KafkaPlatformExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHARED = Path.of(System.getProperty("revertiq.shared", "../../shared")).resolve("data");
    private static final Pattern SUBMITTED = Pattern.compile("analysis (an_[0-9a-f]{32}) submitted");
    /** A year of synthetic 1-minute bars with a planted Monday 10-11 window; 15 cells, a small bootstrap. */
    private static final List<String> ANALYSIS = List.of("CLI", "--from", "2023-01-03", "--to", "2023-12-29",
            "--windows", "10:00-13:00/60m", "--session-reset", "--train-days", "60", "--test-days", "20",
            "--step-days", "20", "--min-trades", "30", "--bootstrap", "300");

    @TempDir
    static Path home;
    private static ServeCommand.Services services;
    private static String server;
    private static String key;
    private static String analysisId;
    private static String resultText;

    @BeforeAll
    static void start(TestPlatform platform) throws Exception {
        String database = TestPlatform.postgres().freshDatabase();
        ServeConfig config = new ServeConfig("localhost", 0, 0, 0, 0, home, platform.bootstrapServers(),
                platform.registryUrl(), new ProviderChoice(ProviderChoice.Kind.SYNTHETIC, null, 5,
                List.of(new PlantedCell(1, 10 * 60, 11 * 60, 0.6))), 1);
        services = ServeCommand.Services.start(config, new EdgeDatabase.ServeOptions(database, 0), Map.of(),
                Duration.ofSeconds(60), WebhookConfig.defaults(), IdempotencyConfig.defaults());
        server = "http://localhost:" + services.edge.port();
        CliRun tenant = CliRun.of("admin", "tenant", "create", "cli-test", "--plan", "enterprise", "--db-url", database);
        assertEquals(0, tenant.exit(), tenant.err());
        CliRun created = CliRun.of("admin", "key", "create", "cli-test", "--db-url", database);
        assertEquals(0, created.exit(), created.err());
        key = created.lastLine();
        services.pipeline.awaitRunning(Duration.ofSeconds(90));
        services.view.awaitRunning(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            services.close();
        }
    }

    private static CliRun cli(List<String> command, String... more) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static CliRun authorised(String... args) {
        return cli(List.of(args), "--server", server, "--key", key);
    }

    private static List<String> run(List<String> analysis) {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(analysis);
        return args;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server + path))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String submittedId(CliRun run) {
        Matcher m = SUBMITTED.matcher(run.err());
        assertTrue(m.find(), run.err());
        return m.group(1);
    }

    @Test
    @Order(1)
    void runSubmitsFollowsAndPrintsTheRankedTableOfTheServedResult() throws Exception {
        CliRun run = cli(run(ANALYSIS), "--server", server, "--key", key);
        assertEquals(0, run.exit(), run.err());
        analysisId = submittedId(run);
        assertTrue(run.err().contains("complete 100.0%"), "progress lines on a non-terminal stderr: " + run.err());

        HttpResponse<String> served = get("/v1/analysis/" + analysisId);
        assertEquals(200, served.statusCode(), served.body());
        resultText = served.body();
        JsonNode result = JSON.readTree(resultText);
        assertEquals("complete", result.get("status").asText());
        assertEquals("CLI", result.get("ticker").asText());
        assertEquals("10:00-13:00/60m", result.at("/assumptions/windows/spec").asText(), "--windows reached the server");
        assertEquals(300, result.at("/assumptions/significance/bootstrap_samples").asInt(), "--bootstrap too");
        assertEquals(RankedTable.render(result), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("\\*?\\s+MON\\s+10:00-11:00\\s.*")), run.out());
    }

    @Test
    @Order(2)
    void statusIsOneLineOrTheServedJson() throws Exception {
        CliRun line = authorised("status", analysisId);
        assertEquals(0, line.exit(), line.err());
        JsonNode result = JSON.readTree(resultText);
        assertEquals(analysisId + " complete: CLI 2023-01-03..2023-12-29, " + result.get("windows_ranked").size()
                + " windows ranked (" + result.at("/global_stats/cells_significant").asInt() + " significant, "
                + result.at("/global_stats/cells_insufficient").asInt() + " insufficient), "
                + result.at("/provenance/data_hash").asText() + "\n", line.out());

        CliRun json = authorised("status", analysisId, "--json");
        assertEquals(0, json.exit(), json.err());
        assertEquals(result, JSON.readTree(json.out()));
    }

    @Test
    @Order(3)
    void exportWritesTheArtifactCsvAndTheResultJson(@TempDir Path out) throws Exception {
        CliRun csv = authorised("export", analysisId, "--csv");
        assertEquals(0, csv.exit(), csv.err());
        String artifact = Files.readString(home.resolve("objects").resolve(ArtifactKeys.windowsCsv(analysisId)));
        assertEquals(artifact, csv.out(), "the same bytes as the pipeline's windows.csv");

        Path file = out.resolve("nested/result.json");
        CliRun json = authorised("export", analysisId, "--json", "-o", file.toString());
        assertEquals(0, json.exit(), json.err());
        assertEquals("", json.out());
        assertEquals(resultText, Files.readString(file), "the result as served");

        CliRun neither = authorised("export", analysisId);
        assertEquals(CliFailure.INVALID_INPUT, neither.exit(), "one of --csv and --json is required");
        CliRun unknown = authorised("export", "an_00000000000000000000000000000000", "--csv");
        assertEquals(CliFailure.INVALID_INPUT, unknown.exit(), unknown.err());
        assertTrue(unknown.err().startsWith("error NOT_FOUND: no analysis with id 'an_00000000000000000000000000000000'"),
                unknown.err());
    }

    @Test
    @Order(4)
    void runJsonOfTheSameRequestIsAnsweredFromTheResultCache() throws Exception {
        CliRun again = cli(run(ANALYSIS), "--json", "--server", server, "--key", key);
        assertEquals(0, again.exit(), again.err());
        ObjectNode cached = (ObjectNode) JSON.readTree(again.out());
        String cachedId = submittedId(again);
        assertEquals(cachedId, cached.get("analysis_id").asText());
        assertNotEquals(analysisId, cachedId, "a new analysis");
        ObjectNode first = (ObjectNode) JSON.readTree(resultText);
        first.put("analysis_id", cachedId);
        assertEquals(first, cached, "the first result under the new id");
    }

    @Test
    @Order(5)
    void anInvalidRequestExits2WithTheServersErrorNamingFieldAndOption() {
        CliRun bad = cli(run(ANALYSIS), "--entry=-2,0.5", "--server", server, "--key", key);
        assertEquals(CliFailure.INVALID_INPUT, bad.exit(), bad.err());
        assertTrue(bad.err().startsWith("error INVALID_ARGUMENT: entry band 0.5 is not negative "
                + "(params.entry_grid[1], --entry) - "), bad.err());
        assertEquals("", bad.out());

        CliRun horizon = cli(List.of("run", "CLI", "--from", "2023-02-30", "--to", "2023-12-29"), "--server", server,
                "--key", key);
        assertEquals(CliFailure.INVALID_INPUT, horizon.exit(), horizon.err());
        assertTrue(horizon.err().contains("(horizon.start, --from)"), horizon.err());

        CliRun usage = CliRun.of("run", "CLI", "--from", "2023-01-03", "--server", server, "--key", key);
        assertEquals(CliFailure.INVALID_INPUT, usage.exit(), "picocli: --to is required");
        assertTrue(usage.err().contains("--to"), usage.err());
    }

    @Test
    @Order(6)
    void aFailedAnalysisExits1WithItsReasonOnRunAndStatus() {
        CliRun weekend = cli(List.of("run", "CLI", "--from", "2023-01-07", "--to", "2023-01-08"), "--server", server,
                "--key", key);
        assertEquals(CliFailure.ANALYSIS_FAILED, weekend.exit(), weekend.err());
        String id = submittedId(weekend);
        assertTrue(weekend.err().contains("error FAILED: analysis " + id + " failed at stage "), weekend.err());
        assertTrue(weekend.err().contains("no bars"), weekend.err());

        CliRun status = authorised("status", id);
        assertEquals(CliFailure.ANALYSIS_FAILED, status.exit(), status.err());
        assertTrue(status.out().startsWith(id + " failed at stage "), status.out());
        CliRun export = authorised("export", id, "--json");
        assertEquals(CliFailure.ANALYSIS_FAILED, export.exit(), export.err());
    }

    @Test
    @Order(7)
    void aWrongKeyExits3WithThe401Message() {
        CliRun refused = cli(run(ANALYSIS), "--server", server, "--key", "rq_notAKeyAtAll000000000000000000");
        assertEquals(CliFailure.SERVER, refused.exit(), refused.err());
        assertTrue(refused.err().startsWith("error UNAUTHENTICATED: the API key is invalid or revoked"), refused.err());
        CliRun status = cli(List.of("status", "an_00000000000000000000000000000000"), "--server", server, "--key", "nope");
        assertEquals(CliFailure.SERVER, status.exit(), status.err());
    }

    @Test
    @Order(8)
    void anUnreachableServerExits3() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String nowhere = "http://localhost:" + closed;
        CliRun run = cli(run(ANALYSIS), "--server", nowhere, "--key", key);
        assertEquals(CliFailure.SERVER, run.exit(), run.err());
        assertTrue(run.err().startsWith("error UNAVAILABLE: cannot reach the server at " + nowhere), run.err());
        CliRun status = cli(List.of("status", "an_00000000000000000000000000000000"), "--server", nowhere, "--key", key);
        assertEquals(CliFailure.SERVER, status.exit(), status.err());
    }

    @Test
    @Order(9)
    void runBarsAnalysesALocalFileHereAsAnalyzeOfflineDoes(@TempDir Path dir) throws Exception {
        Path bars = SHARED.resolve("bars/SPY_5m_2022-02-14_2023-06-22_rth.csv");
        List<String> local = List.of("run", "SPY", "--from", "2022-02-14", "--to", "2023-06-22", "--interval", "5m",
                "--windows", "10:00-15:00/60m", "--bootstrap", "1000", "--bars", bars.toString());
        CliRun table = cli(local);
        assertEquals(0, table.exit(), table.err());
        CliRun json = cli(local, "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode response = JSON.readTree(json.out());
        assertEquals(RankedTable.render(response), table.out());

        Path request = dir.resolve("r.json");
        Files.writeString(request, "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2022-02-14\",\"end\":\"2023-06-22\"},"
                + "\"bar\":{\"interval\":\"5m\"},\"windows\":{\"spec\":\"10:00-15:00/60m\"},"
                + "\"significance\":{\"bootstrap_samples\":1000}}");
        CliRun offline = CliRun.of("analyze", "--offline", "--bars", bars.toString(), "--request", request.toString());
        assertEquals(0, offline.exit(), offline.err());
        assertEquals(withoutRunIdentity(JSON.readTree(offline.out())), withoutRunIdentity(response));

        CliRun remote = cli(local, "--server", server);
        assertEquals(CliFailure.INVALID_INPUT, remote.exit(), remote.err());
        assertTrue(remote.err().startsWith("error INVALID_ARGUMENT: --bars analyses the file in this process"), remote.err());
        CliRun invalid = cli(local, "--hold=30,400");
        assertEquals(CliFailure.INVALID_INPUT, invalid.exit(), invalid.err());
        assertTrue(invalid.err().contains("(params.hold_grid_min[1], --hold)"), invalid.err());
    }

    private static JsonNode withoutRunIdentity(JsonNode response) {
        ObjectNode copy = (ObjectNode) response.deepCopy();
        copy.put("analysis_id", "X");
        ((ObjectNode) copy.get("provenance")).put("generated_at", "X");
        return copy;
    }
}
