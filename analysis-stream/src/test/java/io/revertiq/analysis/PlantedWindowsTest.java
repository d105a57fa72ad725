package io.revertiq.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.io.BarFileWriter;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.synthetic.SyntheticMarket;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known truth end to end: a seeded two-year 1-minute market that is a random walk everywhere except three planted
 * (day, hour) cells where the price is pulled back to its level at the cell's first bar. Through the offline
 * analyzer (bars file + request JSON), the planted cells must be found, be significant after BH, and take the top
 * ranks; the unplanted cells (no edge, and paying 1.5 bp per round trip) must mostly not be significant.
 */
class PlantedWindowsTest {
    /** ISO day, bin label, pull per bar: TUE 10-11, THU 13-14, FRI 11-12 (each a whole 60-minute bin). */
    private static final List<String> PLANTED = List.of("TUE 10:00-11:00", "THU 13:00-14:00", "FRI 11:00-12:00");
    private static final String REQUEST = "{\"ticker\":\"SYN\",\"horizon\":{\"start\":\"2022-01-03\",\"end\":\"2023-12-29\"},"
            + "\"bar\":{\"interval\":\"1m\"},\"windows\":{\"spec\":\"10:00-16:00/60m\"},"
            + "\"signal\":{\"detrend\":{\"lookback\":10},\"zscore\":{\"lookback\":20}},"
            + "\"params\":{\"entry_grid\":[-2.0,-1.5,-1.0],\"exit_grid\":[0.0],\"hold_grid_min\":[30,60]},"
            + "\"walk_forward\":{\"train_days\":120,\"test_days\":30,\"step_days\":30},"
            + "\"significance\":{\"fdr_alpha\":0.10,\"min_trades\":30,\"bootstrap_samples\":2000}}";

    private static ObjectNode response;

    @BeforeAll
    static void run(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        RawBars bars = SyntheticMarket.builder(20240607L).dates(LocalDate.of(2022, 1, 3), LocalDate.of(2023, 12, 29))
                .barMinutes(1)
                .plant(2, 10 * 60, 11 * 60, 0.3)
                .plant(4, 13 * 60, 14 * 60, 0.3)
                .plant(5, 11 * 60, 12 * 60, 0.25)
                .generate();
        Path file = dir.resolve("syn_1m.csv");
        BarFileWriter.writeCsv(bars, file);
        response = EndToEnd.analyze(file, REQUEST).response();
        System.out.printf(Locale.ROOT, "PlantedWindowsTest: %d bars, %.1f s%n", bars.size(), (System.nanoTime() - t0) / 1e9);
        for (JsonNode w : response.get("windows_ranked")) {
            System.out.printf(Locale.ROOT, "  #%d %s %s n=%d sharpe=%.2f ret=%.2f p=%.4f adj=%.4f sig=%s hl=%s%n",
                    w.get("rank").asInt(), w.get("dow").asText(), w.get("window").asText(), w.get("n_trades").asInt(),
                    w.get("oos_sharpe").asDouble(), w.get("oos_ret_per_trade_bp").asDouble(), w.get("p_value").asDouble(),
                    w.get("fdr_adj_p").asDouble(), w.get("significant").asBoolean(), w.get("half_life_min"));
        }
    }

    private static String key(JsonNode w) {
        return w.get("dow").asText() + " " + w.get("window").asText();
    }

    @Test
    void plantedCellsAreSignificantAndRankedFirst() {
        JsonNode ranked = response.get("windows_ranked");
        assertEquals(30, response.get("global_stats").get("cells_evaluated").asInt());
        Set<String> top = new HashSet<>();
        for (int i = 0; i < PLANTED.size(); i++) {
            JsonNode w = ranked.get(i);
            assertEquals(i + 1, w.get("rank").asInt());
            assertTrue(w.get("significant").asBoolean(), key(w) + " at rank " + (i + 1) + " is not significant");
            top.add(key(w));
        }
        assertEquals(new HashSet<>(PLANTED), top, "the top ranks are exactly the planted cells");
    }

    @Test
    void plantedCellsHaveTheEdgeTheyWereBuiltWith() {
        for (JsonNode w : response.get("windows_ranked")) {
            if (!PLANTED.contains(key(w))) {
                continue;
            }
            assertEquals("ok", w.get("status").asText());
            assertTrue(w.get("n_trades").asInt() >= 30, key(w));
            assertTrue(w.get("oos_ret_per_trade_bp").asDouble() > 0, key(w));
            assertTrue(w.get("fdr_adj_p").asDouble() <= 0.10, key(w));
            assertTrue(w.get("p_value").asDouble() <= w.get("fdr_adj_p").asDouble(), "BH never lowers a p-value");
            JsonNode ci = w.get("ci95_bp");
            assertTrue(ci.get(0).asDouble() > 0, key(w) + ": the bootstrap CI of the mean lies above 0: " + ci);
            // pulled toward a fixed anchor, the in-cell z-series mean-reverts: the AR(1) half-life is defined
            assertNotNull(w.get("half_life_min").numberValue(), key(w));
            assertTrue(w.get("exit_reasons").get("mean").asInt() > 0, key(w));
        }
    }

    /**
     * A pull of 0.25-0.3 per 1-minute bar halves a price deviation in about 2-2.5 bars, while the z-score of a random
     * walk decays only through its rolling windows: every planted cell's half-life is below every unplanted one's.
     */
    @Test
    void plantedCellsRevertFasterThanAnyUnplantedCell() {
        double slowestPlanted = 0;
        double fastestUnplanted = Double.POSITIVE_INFINITY;
        for (JsonNode w : response.get("windows_ranked")) {
            double hl = w.get("half_life_min").asDouble();
            if (PLANTED.contains(key(w))) {
                slowestPlanted = Math.max(slowestPlanted, hl);
            } else {
                fastestUnplanted = Math.min(fastestUnplanted, hl);
            }
        }
        assertTrue(slowestPlanted > 0 && slowestPlanted < fastestUnplanted,
                "planted half-lives up to " + slowestPlanted + " min, unplanted from " + fastestUnplanted);
    }

    /**
     * Section 5 on the response alone: 501 trading days, train 120, test 30, step 30 give 13 folds; fold f trains on
     * days [30f, 30f+120) and tests on [30f+120, min(30f+150, 501)); the OOS trades are the folds' test trades; the
     * reported bands are the last fold's choice. Section 6: quarterly stability (horizon < 3 years) covers the trades.
     */
    @Test
    void foldsFollowTheWalkForwardScheduleOnTheHorizonsTradingDays() {
        List<String> days = new ArrayList<>();
        response.get("data_quality").get("days").forEach(d -> days.add(d.get("date").asText()));
        assertEquals(501, days.size(), "NYSE trading days 2022-01-03..2023-12-29");
        List<JsonNode> all = new ArrayList<>();
        response.get("windows_ranked").forEach(all::add);
        response.get("windows_insufficient").forEach(all::add);
        for (JsonNode w : all) {
            JsonNode folds = w.get("folds");
            assertEquals(13, folds.size(), key(w));
            int trades = 0;
            JsonNode lastChosen = null;
            for (int f = 0; f < 13; f++) {
                JsonNode fold = folds.get(f);
                assertEquals(f, fold.get("fold").asInt());
                assertEquals(days.get(30 * f), fold.get("train_start").asText());
                assertEquals(days.get(30 * f + 119), fold.get("train_end").asText());
                assertEquals(days.get(30 * f + 120), fold.get("test_start").asText());
                assertEquals(days.get(Math.min(30 * f + 150, 501) - 1), fold.get("test_end").asText());
                trades += fold.get("test_trades").asInt();
                if (!fold.get("entry_band").isNull()) {
                    lastChosen = fold;
                    assertTrue(List.of(-2.0, -1.5, -1.0).contains(fold.get("entry_band").asDouble()));
                    assertEquals(0.0, fold.get("exit_band").asDouble());
                    assertTrue(List.of(30, 60).contains(fold.get("hold_cap_min").asInt()));
                }
            }
            assertEquals(w.get("n_trades").asInt(), trades, key(w) + ": OOS trades are the folds' test trades");
            assertTrue(lastChosen != null, key(w));
            assertEquals(lastChosen.get("entry_band"), w.get("entry_band"), key(w));
            assertEquals(lastChosen.get("hold_cap_min"), w.get("hold_cap_min"), key(w));
            int inPeriods = 0;
            for (JsonNode p : w.get("stability")) {
                assertTrue(p.get("period").asText().matches("202[23]Q[1-4]"), p.toString());
                inPeriods += p.get("n").asInt();
            }
            assertEquals(w.get("n_trades").asInt(), inPeriods, key(w) + ": stability periods cover the OOS trades");
            int byReason = 0;
            for (JsonNode n : w.get("exit_reasons")) {
                byReason += n.asInt();
            }
            assertEquals(w.get("n_trades").asInt(), byReason, key(w));
        }
    }

    @Test
    void unplantedCellsAreMostlyNotSignificant() {
        List<String> falseDiscoveries = new ArrayList<>();
        int unplanted = 0;
        for (JsonNode w : response.get("windows_ranked")) {
            if (PLANTED.contains(key(w))) {
                continue;
            }
            unplanted++;
            if (w.get("significant").asBoolean()) {
                falseDiscoveries.add(key(w));
            }
        }
        for (JsonNode w : response.get("windows_insufficient")) {
            assertFalse(w.get("significant").asBoolean(), "an insufficient cell is never significant");
            assertFalse(PLANTED.contains(key(w)), "planted cell " + key(w) + " lacks trades: the request is too thin");
        }
        assertTrue(unplanted >= 20, "most unplanted cells are tested: " + unplanted);
        assertTrue(falseDiscoveries.size() <= 1, "false discoveries: " + falseDiscoveries);
        JsonNode g = response.get("global_stats");
        assertEquals(PLANTED.size() + falseDiscoveries.size(), g.get("cells_significant").asInt());
    }
}
