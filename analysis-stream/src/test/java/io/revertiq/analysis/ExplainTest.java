package io.revertiq.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.io.BarFileWriter;
import io.revertiq.engine.synthetic.SyntheticMarket;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Section 8 explain mode: a deterministic narrative built from the numbers, plus term definitions. */
class ExplainTest {
    private static final String REQUEST = "{\"ticker\":\"XPLN\",\"horizon\":{\"start\":\"2023-01-03\",\"end\":\"2023-12-29\"},"
            + "\"bar\":{\"interval\":\"1m\"},\"windows\":{\"spec\":\"10:00-14:00/60m\",\"days\":[\"TUE\",\"THU\"]},"
            + "\"signal\":{\"detrend\":{\"lookback\":10}},"
            + "\"params\":{\"entry_grid\":[-2.0,-1.5,-1.0],\"exit_grid\":[0.0],\"hold_grid_min\":[30,60]},"
            + "\"walk_forward\":{\"train_days\":60,\"test_days\":20,\"step_days\":20},"
            + "\"significance\":{\"min_trades\":30,\"bootstrap_samples\":1000},\"output\":{\"explain\":true}}";

    private static Path file;

    @BeforeAll
    static void writeBars(@TempDir Path dir) throws Exception {
        file = dir.resolve("xpln.csv");
        BarFileWriter.writeCsv(SyntheticMarket.builder(99).dates(LocalDate.of(2023, 1, 3), LocalDate.of(2023, 12, 29))
                .barMinutes(1).plant(2, 11 * 60, 12 * 60, 0.3).generate(), file);
    }

    @Test
    void narrativeNamesTheTickerAndTheWindowCounts() throws Exception {
        ObjectNode r = EndToEnd.analyze(file, REQUEST).response();
        JsonNode explain = r.get("explain");
        assertTrue(explain != null && explain.isObject(), "explain block present");
        List<String> narrative = new ArrayList<>();
        explain.get("narrative").forEach(s -> narrative.add(s.asText()));
        assertFalse(narrative.isEmpty());
        narrative.forEach(s -> assertFalse(s.isBlank()));
        String text = String.join(" ", narrative);
        JsonNode g = r.get("global_stats");
        int evaluated = g.get("cells_evaluated").asInt();
        int tested = g.get("cells_in_family").asInt();
        assertEquals(8, evaluated, "4 bins x 2 days");
        assertTrue(tested > 0, "the request must test some windows for the narrative to report them");
        assertTrue(text.contains("XPLN"), text);
        assertTrue(text.contains("Each of " + evaluated + " windows"), text);
        assertTrue(text.contains(tested + " windows had at least 30 out-of-sample trades"), text);
        assertTrue(text.contains(g.get("cells_significant").asInt() + (g.get("cells_significant").asInt() == 1
                ? " is significant" : " are significant")), text);
        // the top ranked window is named as ranked: the planted Tuesday 11:00-12:00 cell
        JsonNode top = r.get("windows_ranked").get(0);
        assertEquals("TUE", top.get("dow").asText());
        assertEquals("11:00-12:00", top.get("window").asText());
        assertTrue(text.contains("The top ranked window is Tuesday 11:00-12:00: " + top.get("n_trades").asInt()
                + " trades"), text);
        assertTrue(text.contains(r.get("data_quality").get("bars_kept").asInt() + " bars kept"), text);

        JsonNode defs = explain.get("definitions");
        assertTrue(defs.isObject() && defs.size() > 0);
        for (String term : List.of("oos_sharpe", "p_value", "fdr_adj_p", "walk-forward", "insufficient")) {
            assertTrue(defs.hasNonNull(term) && !defs.get(term).asText().isBlank(), "definition of " + term);
        }
    }

    @Test
    void explainIsIdenticalAcrossRunsAndAbsentByDefault() throws Exception {
        JsonNode a = EndToEnd.analyze(file, REQUEST).response().get("explain");
        JsonNode b = EndToEnd.analyze(file, REQUEST).response().get("explain");
        assertEquals(a, b);
        assertEquals(a.toString(), b.toString());
        ObjectNode plain = EndToEnd.analyze(file, REQUEST.replace("\"explain\":true", "\"explain\":false")).response();
        assertNull(plain.get("explain"), "no explain block unless asked");
        assertFalse(plain.get("assumptions").get("output").get("explain").asBoolean());
    }
}
