package io.revertiq.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.testsupport.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real SPY files of the shared data end to end through the offline analyzer, with the default request apart
 * from horizon and interval. Structure comes from the contract (sections 1, 3, 6, 7, 8); the data facts (bars per
 * day, the missing and the partial day) are recomputed here from the raw file and the reference NYSE calendar
 * (/work/shared/data/calendar/nyse.csv), independently of the engine's reader, sessionizer and calendar.
 */
class RealDataTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Path SPY_5M = SharedData.data("bars/SPY_5m_2022-02-14_2023-06-22_rth.csv");
    private static final Path SPY_1M = SharedData.data("bars/SPY_1m_2024-03-26_2025-04-02_rth.csv.gz");

    private static ObjectNode spy5m;
    private static ObjectNode spy1m;

    @BeforeAll
    static void run() throws IOException {
        long t0 = System.nanoTime();
        spy5m = EndToEnd.analyze(SPY_5M, request("2022-02-14", "2023-06-22", "5m")).response();
        long t1 = System.nanoTime();
        // the default request leaves every cell of this year below 50 OOS trades; a denser grid and shorter
        // walk-forward slices give tested cells, so ranking, BH and the cost sensitivity are exercised on real data
        spy1m = EndToEnd.analyze(SPY_1M, request("2024-03-26", "2025-04-02", "1m").replace("}}", "},"
                + "\"params\":{\"entry_grid\":[-1.5,-1.0],\"exit_grid\":[0.0],\"hold_grid_min\":[15,30]},"
                + "\"walk_forward\":{\"train_days\":60,\"test_days\":20,\"step_days\":20},"
                + "\"significance\":{\"min_trades\":30,\"bootstrap_samples\":2000}}")).response();
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "RealDataTest: SPY 5m %.1f s, SPY 1m %.1f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        for (ObjectNode r : List.of(spy5m, spy1m)) {
            System.out.println("  global_stats " + r.get("global_stats") + "\n  cost_sensitivity "
                    + r.get("diagnostics").get("cost_sensitivity") + "\n  adf " + r.get("diagnostics").get("adf")
                    + " kpss " + r.get("diagnostics").get("kpss") + " hurst " + r.get("diagnostics").get("hurst"));
        }
    }

    private static String request(String start, String end, String interval) {
        return "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"" + start + "\",\"end\":\"" + end + "\"},"
                + "\"bar\":{\"interval\":\"" + interval + "\"}}";
    }

    // ---------------------------------------------------------------- data quality against the raw file

    @Test
    void spy5mDataQualityReportsTheKnownGaps() throws IOException {
        JsonNode q = spy5m.get("data_quality");
        Map<LocalDate, Integer> perDay = barsPerDay(SPY_5M);
        assertEquals(26_376, perDay.values().stream().mapToInt(Integer::intValue).sum(), "README: 26,376 rows");
        assertEquals(26_376, q.get("bars_kept").asInt());
        assertEquals(0, q.get("duplicates_dropped").asInt());
        assertEquals(0, q.get("off_calendar_dropped").asInt());
        assertEquals(0, q.get("out_of_session_dropped").asInt());

        assertEquals(List.of("2023-02-10"), texts(q.get("missing_days")));
        List<String> incomplete = new ArrayList<>();
        q.get("incomplete_days").forEach(d -> incomplete.add(d.get("date").asText()));
        assertTrue(incomplete.contains("2022-11-23"), "the partial day is listed: " + incomplete);
        assertTrue(incomplete.contains("2023-02-10"), "a missing day has 0% of its bars: " + incomplete);
        assertEquals(2, incomplete.size(), "no other day is below 90%: " + incomplete);
        JsonNode partial = find(q.get("incomplete_days"), "2022-11-23");
        assertEquals(78, partial.get("expected").asInt());
        assertEquals(perDay.get(LocalDate.of(2022, 11, 23)), partial.get("present").asInt());
        assertTrue(partial.get("present").asInt() < 0.9 * 78);

        checkDays(q, perDay, LocalDate.of(2022, 2, 14), LocalDate.of(2023, 6, 22), 78, 42);
    }

    @Test
    void spy1mDataQualityMatchesTheFile() throws IOException {
        JsonNode q = spy1m.get("data_quality");
        Map<LocalDate, Integer> perDay = barsPerDay(SPY_1M);
        assertEquals(99_264, q.get("bars_kept").asInt(), "README: 99,264 rows");
        assertEquals(0, q.get("missing_days").size());
        // the last day ends at 15:23: 354 of 390 bars = 90.8%, just complete by the 90% rule
        JsonNode last = find(q.get("days"), "2025-04-02");
        assertEquals(390, last.get("expected").asInt());
        assertEquals(354, last.get("present").asInt());
        assertEquals(0, q.get("incomplete_days").size(), "every day has >= 90% of its bars");
        for (String early : List.of("2024-07-03", "2024-11-29", "2024-12-24")) {
            JsonNode d = find(q.get("days"), early);
            assertEquals(210, d.get("expected").asInt(), early);
            assertEquals(210, d.get("present").asInt(), early);
        }
        checkDays(q, perDay, LocalDate.of(2024, 3, 26), LocalDate.of(2025, 4, 2), 390, 210);
    }

    /** Every trading day of the reference calendar appears once, with the file's bar count and the session's slots. */
    private static void checkDays(JsonNode q, Map<LocalDate, Integer> perDay, LocalDate from, LocalDate to,
                                  int fullSlots, int earlySlots) throws IOException {
        Calendar cal = Calendar.load();
        List<LocalDate> expectedDays = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY
                    && !cal.holidays.contains(d)) {
                expectedDays.add(d);
            }
        }
        JsonNode days = q.get("days");
        assertEquals(expectedDays.size(), q.get("trading_days").asInt());
        assertEquals(expectedDays.size(), days.size());
        int expectedBars = 0;
        for (int i = 0; i < days.size(); i++) {
            LocalDate d = expectedDays.get(i);
            JsonNode day = days.get(i);
            int slots = cal.earlyCloses.contains(d) ? earlySlots : fullSlots;
            expectedBars += slots;
            assertEquals(d.toString(), day.get("date").asText());
            assertEquals(slots, day.get("expected").asInt(), d.toString());
            assertEquals(perDay.getOrDefault(d, 0), day.get("present").asInt(), d.toString());
        }
        assertEquals(expectedBars, q.get("bars_expected").asInt());
        assertEquals(perDay.keySet(), new HashSet<>(expectedDays.stream().filter(perDay::containsKey).toList()),
                "every file day is a trading day");
    }

    // ---------------------------------------------------------------- structure implied by the contract

    @Test
    void spy5mResponseStructure() {
        checkStructure(spy5m, "2022-02-14", "2023-06-22", "5m");
        // default request: 6 bars per 30-minute bin and >= 50 OOS trades needed; on this SPY data no cell gets there
        // (the contract's consequence: nothing tested, nothing pooled, explained in the notes)
        assertEquals(50, spy5m.get("assumptions").get("significance").get("min_trades").asInt());
        JsonNode g = spy5m.get("global_stats");
        assertEquals(60, g.get("cells_insufficient").asInt(), "all cells are insufficient with the defaults");
        assertEquals(0, spy5m.get("windows_ranked").size());
        assertEquals(0, g.get("n_trades").asInt(), "only tested cells are pooled");
        assertTrue(g.get("share_significant").isNull());
        List<String> notes = texts(spy5m.get("notes"));
        assertTrue(notes.contains("60 of 60 cells had fewer than 50 out-of-sample trades; they are reported as "
                + "insufficient and left out of the multiple-testing family."), notes.toString());
        assertTrue(notes.contains("No window had enough out-of-sample trades to be tested."), notes.toString());
        int someTrades = 0;
        for (JsonNode w : spy5m.get("windows_insufficient")) {
            someTrades += w.get("n_trades").asInt();
            assertTrue(w.get("p_value").isNull());
        }
        assertTrue(someTrades > 0, "insufficient cells still report their OOS trades");
    }

    @Test
    void spy1mResponseStructure() {
        checkStructure(spy1m, "2024-03-26", "2025-04-02", "1m");
        JsonNode g = spy1m.get("global_stats");
        assertTrue(g.get("cells_in_family").asInt() >= 30, "most cells are tested with this request: " + g);
        int pooled = 0;
        for (JsonNode w : spy1m.get("windows_ranked")) {
            pooled += w.get("n_trades").asInt();
        }
        assertEquals(pooled, g.get("n_trades").asInt(), "global_stats pools exactly the tested cells' OOS trades");
        assertTrue(!spy1m.get("diagnostics").get("cost_sensitivity").get(0).get("oos_sharpe").isNull());
    }

    private static void checkStructure(ObjectNode r, String start, String end, String interval) {
        assertEquals("complete", r.get("status").asText());
        assertEquals("SPY", r.get("ticker").asText());
        assertEquals(start, r.get("horizon").get("start").asText());
        assertEquals(end, r.get("horizon").get("end").asText());

        // defaults resolved (the RequestParser class comment) and echoed
        JsonNode a = r.get("assumptions");
        assertEquals(interval, a.get("bar").get("interval").asText());
        assertEquals("09:45-16:00/30m", a.get("windows").get("spec").asText());
        List<String> bins = texts(a.get("windows").get("resolved"));
        assertEquals(12, bins.size(), "09:45-16:00 in 30-minute bins; 15:45-16:15 would end after 16:00: " + bins);
        assertEquals("09:45-10:15", bins.get(0));
        assertEquals("15:15-15:45", bins.get(11));
        assertEquals(1.5, a.get("costs").get("round_trip_bp").asDouble(), 1e-12);
        int minTrades = a.get("significance").get("min_trades").asInt();

        // 12 bins x 5 days; every cell is either ranked (tested) or insufficient
        JsonNode g = r.get("global_stats");
        assertEquals(60, g.get("cells_evaluated").asInt());
        JsonNode ranked = r.get("windows_ranked");
        JsonNode insufficient = r.get("windows_insufficient");
        assertEquals(60, ranked.size() + insufficient.size());
        assertEquals(ranked.size(), g.get("cells_in_family").asInt());
        assertEquals(insufficient.size(), g.get("cells_insufficient").asInt());
        Set<String> cells = new HashSet<>();
        ranked.forEach(w -> cells.add(w.get("dow").asText() + " " + w.get("window").asText()));
        insufficient.forEach(w -> cells.add(w.get("dow").asText() + " " + w.get("window").asText()));
        assertEquals(60, cells.size(), "each (dow, bin) exactly once");
        for (JsonNode w : insufficient) {
            assertEquals("insufficient", w.get("status").asText());
            assertTrue(w.get("n_trades").asInt() < minTrades);
            assertTrue(w.get("p_value").isNull() && w.get("fdr_adj_p").isNull());
            assertFalse(w.get("significant").asBoolean());
        }
        checkRanking(ranked, a.get("significance").get("fdr_alpha").asDouble(), minTrades);
        int significant = 0;
        for (JsonNode w : ranked) {
            significant += w.get("significant").asBoolean() ? 1 : 0;
        }
        assertEquals(significant, g.get("cells_significant").asInt());

        // provenance
        JsonNode p = r.get("provenance");
        assertTrue(p.get("data_hash").asText().matches("sha256:[0-9a-f]{64}"), p.get("data_hash").asText());
        assertEquals(1, p.get("inputs").size());
        assertTrue(p.get("inputs").get(0).get("sha256").asText().matches("[0-9a-f]{64}"));
        assertEquals("file", p.get("provider").asText());
        assertEquals(interval, p.get("query").get("interval").asText());

        // diagnostics
        JsonNode d = r.get("diagnostics");
        JsonNode adf = d.get("adf");
        assertTrue(adf.isObject(), "adf present");
        double adfP = adf.get("p").asDouble();
        assertTrue(adfP >= 0 && adfP <= 1);
        // a z-score of a 20-bar SMA deviation is stationary by construction: ADF rejects a unit root
        assertTrue(adfP < 0.01, "ADF p on the z-series " + adfP);
        assertTrue(adf.get("stat").asDouble() < -3.43, "below the 1% critical value with a constant");
        JsonNode kpss = d.get("kpss");
        assertTrue(kpss.isObject(), "kpss present");
        double kpssP = kpss.get("p").asDouble();
        assertTrue(kpssP >= 0.01 && kpssP <= 0.10, "KPSS p is clipped to the table: " + kpssP);
        double hurst = d.get("hurst").asDouble();
        // SPY log prices intraday are close to a random walk
        assertTrue(hurst > 0.35 && hurst < 0.65, "hurst " + hurst);
        assertEquals(List.of(2, 5, 10), d.get("variance_ratio").findValuesAsText("q").stream().map(Integer::parseInt).toList());
        boolean meanReverting = adfP < 0.05 && kpssP > 0.05 && hurst < 0.5;
        assertEquals(meanReverting, d.get("mean_reverting").asBoolean(), "section 7 definition");

        checkCostSensitivity(d.get("cost_sensitivity"), g);

        JsonNode h = d.get("heatmaps");
        assertEquals(List.of("MON", "TUE", "WED", "THU", "FRI"), texts(h.get("dows")));
        assertEquals(bins, texts(h.get("bins")));
        for (String m : List.of("oos_sharpe", "mean_abs_ret_bp", "mean_volume")) {
            assertEquals(5, h.get(m).size(), m);
            h.get(m).forEach(row -> assertEquals(12, row.size(), m));
        }
        h.get("mean_volume").forEach(row -> row.forEach(v -> assertTrue(v.asDouble() > 0, "SPY trades in every bin")));
    }

    /** Significant first, then oos_sharpe descending; ranks 1..n; BH adjusted p recomputed from the raw p. */
    private static void checkRanking(JsonNode ranked, double alpha, int minTrades) {
        int n = ranked.size();
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode w = ranked.get(i);
            assertEquals(i + 1, w.get("rank").asInt());
            assertEquals("ok", w.get("status").asText());
            assertTrue(w.get("n_trades").asInt() >= minTrades);
            p[i] = w.get("p_value").asDouble();
            assertTrue(p[i] > 0 && p[i] <= 1);
            JsonNode ci = w.get("ci95_bp");
            assertEquals(2, ci.size());
            assertTrue(ci.get(0).asDouble() <= w.get("oos_ret_per_trade_bp").asDouble() + 1e-9
                    && w.get("oos_ret_per_trade_bp").asDouble() <= ci.get(1).asDouble() + 1e-9, "mean inside its CI");
            if (i > 0) {
                JsonNode prev = ranked.get(i - 1);
                boolean ps = prev.get("significant").asBoolean();
                boolean s = w.get("significant").asBoolean();
                assertTrue(ps || !s, "significant cells come first");
                if (ps == s && !prev.get("oos_sharpe").isNull() && !w.get("oos_sharpe").isNull()) {
                    assertTrue(prev.get("oos_sharpe").asDouble() >= w.get("oos_sharpe").asDouble(), "sorted by oos_sharpe");
                }
            }
        }
        // Benjamini-Hochberg step-up: adj_(i) = min_{j >= i} p_(j) m / j over ascending p, capped at 1
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(p[x], p[y]));
        double[] adj = new double[n];
        double running = 1;
        for (int k = n - 1; k >= 0; k--) {
            running = Math.min(running, p[order[k]] * n / (k + 1));
            adj[order[k]] = running;
        }
        for (int i = 0; i < n; i++) {
            JsonNode w = ranked.get(i);
            assertEquals(adj[i], w.get("fdr_adj_p").asDouble(), 1e-12, "BH of " + w.get("dow") + " " + w.get("window"));
            assertEquals(adj[i] <= alpha, w.get("significant").asBoolean());
        }
    }

    /** Net = gross - m * c with c = 1.5 bp for every trade: the pooled mean is linear in m, the Sharpe falls. */
    private static void checkCostSensitivity(JsonNode points, JsonNode global) {
        double[] multipliers = {0, 0.5, 1, 1.5, 2, 3};
        assertEquals(6, points.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(multipliers[i], points.get(i).get("cost_multiplier").asDouble(), 0);
        }
        if (global.get("n_trades").asInt() == 0) {
            points.forEach(pt -> assertTrue(pt.get("oos_ret_per_trade_bp").isNull()));
            return;
        }
        double gross = points.get(0).get("oos_ret_per_trade_bp").asDouble();
        assertEquals(global.get("cost_break_even_bp").asDouble(), gross, 1e-9, "multiplier 0 is the gross mean");
        for (int i = 0; i < 6; i++) {
            assertEquals(gross - 1.5 * multipliers[i], points.get(i).get("oos_ret_per_trade_bp").asDouble(), 1e-9);
        }
        assertEquals(global.get("oos_ret_per_trade_bp").asDouble(), points.get(2).get("oos_ret_per_trade_bp").asDouble(),
                1e-9, "multiplier 1 is the pooled result");
        JsonNode s0 = points.get(0).get("oos_sharpe");
        JsonNode s3 = points.get(5).get("oos_sharpe");
        if (!s0.isNull() && !s3.isNull()) {
            assertTrue(s0.asDouble() >= s3.asDouble(), "Sharpe at cost 0 " + s0 + " < at cost x3 " + s3);
            for (int i = 1; i < 6; i++) {
                assertTrue(points.get(i - 1).get("oos_sharpe").asDouble() > points.get(i).get("oos_sharpe").asDouble(),
                        "Sharpe strictly falls with the cost (same dispersion, lower mean)");
            }
        }
    }

    @Test
    void sameFileSameHashDifferentFilesDifferentHashes() {
        String h5 = spy5m.get("provenance").get("data_hash").asText();
        String h1 = spy1m.get("provenance").get("data_hash").asText();
        assertFalse(h5.equals(h1));
        assertNotNull(spy5m.get("notes"));
    }

    // ---------------------------------------------------------------- independent readers

    /** RTH bars per New York date, read straight from the file (epoch seconds/ms or ISO with offset). */
    static Map<LocalDate, Integer> barsPerDay(Path file) throws IOException {
        Map<LocalDate, Integer> out = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(file.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file), StandardCharsets.UTF_8))) {
            in.readLine();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String t = line.substring(0, line.indexOf(','));
                ZonedDateTime at;
                if (t.contains("T")) {
                    at = OffsetDateTime.parse(t).atZoneSameInstant(NY);
                } else {
                    long raw = Long.parseLong(t);
                    at = Instant.ofEpochMilli(raw < 100_000_000_000L ? raw * 1000 : raw).atZone(NY);
                }
                LocalTime time = at.toLocalTime();
                assertTrue(!time.isBefore(LocalTime.of(9, 30)) && time.isBefore(LocalTime.of(16, 0)), line);
                out.merge(at.toLocalDate(), 1, Integer::sum);
            }
        }
        return out;
    }

    private record Calendar(Set<LocalDate> holidays, Set<LocalDate> earlyCloses) {
        static Calendar load() throws IOException {
            Set<LocalDate> holidays = new HashSet<>();
            Set<LocalDate> early = new HashSet<>();
            for (String line : Files.readAllLines(SharedData.data("calendar/nyse.csv"))) {
                String[] f = line.split(",", 3);
                if (f[0].equals("date")) {
                    continue;
                }
                (f[1].equals("holiday") ? holidays : early).add(LocalDate.parse(f[0]));
            }
            return new Calendar(holidays, early);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode find(JsonNode days, String date) {
        for (JsonNode d : days) {
            if (d.get("date").asText().equals(date)) {
                return d;
            }
        }
        throw new AssertionError(date + " not listed");
    }
}
