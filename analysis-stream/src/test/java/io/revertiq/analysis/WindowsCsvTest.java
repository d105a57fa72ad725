package io.revertiq.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revertiq.analysis.io.BarFileWriter;
import io.revertiq.analysis.io.WindowsCsv;
import io.revertiq.engine.synthetic.SyntheticMarket;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** windows.csv rendered from the v1 response (what a client holds) equals the artifact rendered from the engine. */
class WindowsCsvTest {
    /** A year of 1-minute bars, planted Monday 10-11, min_trades 45: ranked, significant and insufficient cells. */
    private static final String REQUEST = "{\"ticker\":\"SYN\",\"horizon\":{\"start\":\"2023-01-03\",\"end\":\"2023-12-29\"},"
            + "\"bar\":{\"interval\":\"1m\"},\"windows\":{\"spec\":\"10:00-13:00/60m\"},\"signal\":{\"session_reset\":true},"
            + "\"params\":{\"entry_grid\":[-2.0,-1.5,-1.0],\"exit_grid\":[0.0],\"hold_grid_min\":[30,60]},"
            + "\"walk_forward\":{\"train_days\":60,\"test_days\":20,\"step_days\":20},"
            + "\"significance\":{\"min_trades\":45,\"bootstrap_samples\":1000}}";

    @Test
    void theCsvOfTheResponseJsonIsTheArtifactByteForByte(@TempDir Path dir) throws Exception {
        Path bars = dir.resolve("syn.csv");
        BarFileWriter.writeCsv(SyntheticMarket.builder(7).dates(LocalDate.of(2023, 1, 3), LocalDate.of(2023, 12, 29))
                .barMinutes(1).plant(1, 10 * 60, 11 * 60, 0.6).generate(), bars);
        OfflineAnalyzer.Report report = EndToEnd.analyze(bars, REQUEST);
        // parse the text a client receives, not the in-memory tree
        JsonNode response = new ObjectMapper().readTree(report.json());
        assertTrue(response.get("windows_ranked").size() > 0, "ranked windows");
        assertTrue(response.get("windows_insufficient").size() > 0, "insufficient windows");
        assertTrue(response.get("global_stats").get("cells_significant").asInt() > 0, "a significant window");

        String artifact = report.windowsCsv();
        assertEquals(artifact, WindowsCsv.render(response));
        assertEquals(1 + response.get("global_stats").get("cells_evaluated").asInt(), artifact.split("\n").length,
                "header + one row per cell");
    }
}
