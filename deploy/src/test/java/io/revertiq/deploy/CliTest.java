package io.revertiq.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user calls it: JSON on stdout, v1 errors on stderr with exit code 2. */
class CliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHARED = Path.of(System.getProperty("revertiq.shared", "../../shared")).resolve("data");



    @Test
    void statsMatchesStatsmodelsOnTheReferenceSeries() throws Exception {
        CliRun run = CliRun.of("stats", "--input", SHARED.resolve("reference/trend_n1500.csv").toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode stats = JSON.readTree(run.out());
        JsonNode expected = JSON.readTree(SHARED.resolve("reference/statsmodels_reference.json").toFile()).get("trend_n1500");
        assertEquals(expected.at("/adf/stat").asDouble(), stats.at("/adf/stat").asDouble(), 1e-6 * Math.abs(expected.at("/adf/stat").asDouble()));
        assertEquals(expected.at("/adf/lags").asInt(), stats.at("/adf/lags").asInt());
        assertEquals(expected.at("/adf/nobs").asInt(), stats.at("/adf/nobs").asInt());
        assertEquals(expected.at("/kpss/stat").asDouble(), stats.at("/kpss/stat").asDouble(), 1e-6 * expected.at("/kpss/stat").asDouble());
        assertEquals(expected.at("/kpss/lags").asInt(), stats.at("/kpss/lags").asInt());
        assertTrue(stats.at("/kpss/p_clipped").asBoolean(), "trend KPSS p is clipped at 0.01");
        for (int i = 0; i < 3; i++) {
            assertEquals(expected.at("/variance_ratio/" + i + "/vr").asDouble(), stats.at("/variance_ratio/" + i + "/vr").asDouble(), 1e-9);
        }

        JsonNode walk = JSON.readTree(CliRun.of("stats", "--input", SHARED.resolve("reference/rw_n5000.csv").toString()).out());
        assertEquals(0.5, walk.get("hurst").asDouble(), 0.1, "a random walk has H near 0.5");
    }

    @Test
    void statsNamesAMissingColumn(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("s.csv");
        Files.writeString(csv, "a,b\n1,2\n");
        CliRun run = CliRun.of("stats", "--input", csv.toString(), "--column", "price");
        assertEquals(CliError.INVALID_INPUT, run.exit());
        JsonNode error = JSON.readTree(run.err()).get("error");
        assertEquals("INVALID_ARGUMENT", error.get("code").asText());
        assertTrue(error.get("message").asText().contains("no column 'price'"), run.err());
    }

    @Test
    void analyzeRefusesAnInvalidRequestWithTheFieldPath(@TempDir Path dir) throws Exception {
        Path request = dir.resolve("r.json");
        Files.writeString(request, "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2022-02-14\",\"end\":\"2023-06-22\"},"
                + "\"params\":{\"entry_grid\":[-2.0, 0.5]}}");
        CliRun run = CliRun.of("analyze", "--offline", "--bars", SHARED.resolve("bars/SPY_5m_2022-02-14_2023-06-22_rth.csv").toString(),
                "--request", request.toString());
        assertEquals(CliError.INVALID_INPUT, run.exit(), run.err());
        JsonNode error = JSON.readTree(run.err()).get("error");
        assertEquals("INVALID_ARGUMENT", error.get("code").asText());
        assertEquals("params.entry_grid[1]", error.get("field").asText());
        assertTrue(!error.get("hint").asText().isBlank());
    }

    @Test
    void analyzeNamesTheBadLineOfABarsFile(@TempDir Path dir) throws Exception {
        Path bars = dir.resolve("bars.csv");
        Files.writeString(bars, "t,o,h,l,c,v\n1644849000000,1,1,1,1,10\n1644849300000,1,1,x,1,10\n");
        Path request = dir.resolve("r.json");
        Files.writeString(request, "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2022-02-14\",\"end\":\"2022-02-15\"}}");
        CliRun run = CliRun.of("analyze", "--offline", "--bars", bars.toString(), "--request", request.toString());
        assertEquals(CliError.INVALID_INPUT, run.exit(), run.err());
        JsonNode error = JSON.readTree(run.err()).get("error");
        assertTrue(error.get("message").asText().contains(":3:"), "names line 3: " + run.err());
    }

    @Test
    void analyzeWritesTheResponseAndItsFiles(@TempDir Path dir) throws Exception {
        Path request = dir.resolve("r.json");
        Files.writeString(request, "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2022-02-14\",\"end\":\"2023-06-22\"},"
                + "\"bar\":{\"interval\":\"5m\"},\"windows\":{\"spec\":\"10:00-15:00/60m\"}}");
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("analyze", "--offline", "--bars", SHARED.resolve("bars/SPY_5m_2022-02-14_2023-06-22_rth.csv").toString(),
                "--request", request.toString(), "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode response = JSON.readTree(run.out());
        assertEquals("complete", response.get("status").asText());
        assertEquals(25, response.at("/global_stats/cells_evaluated").asInt());
        assertEquals(JSON.readTree(Files.readString(out.resolve("result.json"))), response);
        assertTrue(Files.readString(out.resolve("windows.csv")).startsWith("rank,dow,window,status,n_trades"));
        assertTrue(run.err().contains("25/25 cells"), "progress is shown on stderr");
    }
}
