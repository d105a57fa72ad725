package io.revertiq.analysis.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.request.InvalidArgumentException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RequestParserTest {
    private static final String MINIMAL = "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2025-12-31\"}";

    private static String with(String extra) {
        return MINIMAL + "," + extra + "}";
    }

    @Test
    void fillsDefaults() {
        AnalysisParams p = RequestParser.parse(MINIMAL + "}");
        assertEquals("SPY", p.ticker());
        assertEquals(new AnalysisParams.Horizon(LocalDate.of(2024, 1, 2), LocalDate.of(2025, 12, 31)), p.horizon());
        assertEquals(new AnalysisParams.Bar("1m", 1, true, true), p.bar());
        assertEquals(new AnalysisParams.Windows("09:45-16:00/30m", List.of(1, 2, 3, 4, 5)), p.windows());
        assertEquals(new AnalysisParams.Signal(AnalysisParams.Detrend.SMA, 20, AnalysisParams.Volatility.STD, 20, false),
                p.signal());
        assertArrayEquals(new double[] {-2.5, -2.0, -1.5}, p.params().entryGrid());
        assertArrayEquals(new double[] {-0.5, 0.0}, p.params().exitGrid());
        assertArrayEquals(new int[] {30, 60, 120}, p.params().holdGridMin());
        assertEquals(AnalysisParams.Side.LONG_ONLY, p.params().side());
        assertEquals(new AnalysisParams.Costs("bars", 0.5, 0.8, 0.2), p.costs());
        assertEquals(1.5, p.costs().roundTripBp(), 1e-12);
        assertEquals(new AnalysisParams.WalkForwardSpec(120, 30, 30), p.walkForward());
        assertEquals(new AnalysisParams.Significance(0.10, 50, 10_000), p.significance());
        assertEquals(new AnalysisParams.Output("oos_sharpe", false), p.output());
    }

    @Test
    void readsEveryField() {
        AnalysisParams p = RequestParser.parse(with("""
                "bar":{"interval":"5m","rth_only":false,"adjusted":false},
                "windows":{"spec":"10:00-15:00/60m","days":["FRI","MON"]},
                "signal":{"detrend":{"method":"ema","lookback":30},"zscore":{"method":"ewm","lookback":40},"session_reset":true},
                "params":{"entry_grid":[-3,-2],"exit_grid":[0.5],"hold_grid_min":[15],"side":"both"},
                "costs":{"mode":"bars","spread_bp":1,"slippage_bp":0,"fee_bp":0.1},
                "walk_forward":{"train_days":60,"test_days":20,"step_days":25},
                "significance":{"fdr_alpha":0.05,"min_trades":30,"bootstrap_samples":100},
                "output":{"rank_by":"hit_rate","explain":true}"""));
        assertEquals(new AnalysisParams.Bar("5m", 5, false, false), p.bar());
        assertEquals(List.of(1, 5), p.windows().days());
        assertEquals(new AnalysisParams.Signal(AnalysisParams.Detrend.EMA, 30, AnalysisParams.Volatility.EWM, 40, true),
                p.signal());
        assertArrayEquals(new double[] {-3, -2}, p.params().entryGrid());
        assertEquals(AnalysisParams.Side.BOTH, p.params().side());
        assertEquals(new AnalysisParams.WalkForwardSpec(60, 20, 25), p.walkForward());
        assertEquals(new AnalysisParams.Output("hit_rate", true), p.output());
    }

    @Test
    void canonicalJsonIsDeterministicAndRoundTrips() {
        AnalysisParams p = RequestParser.parse(with("\"windows\":{\"days\":[\"WED\",\"MON\"]},\"bar\":{\"interval\":\"15m\"}"));
        String json = RequestParser.canonicalJson(p);
        assertEquals("{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2025-12-31\"},"
                + "\"bar\":{\"interval\":\"15m\",\"rth_only\":true,\"adjusted\":true},"
                + "\"windows\":{\"spec\":\"09:45-16:00/30m\",\"days\":[\"MON\",\"WED\"]},"
                + "\"signal\":{\"detrend\":{\"method\":\"sma\",\"lookback\":20},\"zscore\":{\"method\":\"std\",\"lookback\":20},"
                + "\"session_reset\":false},"
                + "\"params\":{\"entry_grid\":[-2.5,-2.0,-1.5],\"exit_grid\":[-0.5,0.0],\"hold_grid_min\":[30,60,120],"
                + "\"side\":\"long_only\"},"
                + "\"costs\":{\"mode\":\"bars\",\"spread_bp\":0.5,\"slippage_bp\":0.8,\"fee_bp\":0.2},"
                + "\"walk_forward\":{\"train_days\":120,\"test_days\":30,\"step_days\":30},"
                + "\"significance\":{\"fdr_alpha\":0.1,\"min_trades\":50,\"bootstrap_samples\":10000},"
                + "\"output\":{\"rank_by\":\"oos_sharpe\",\"explain\":false}}", json);
        assertEquals(json, RequestParser.canonicalJson(RequestParser.parse(json)));
        String spaced = "{ \"horizon\" : {\"end\":\"2025-12-31\",\"start\":\"2024-01-02\"}, \"ticker\":\"SPY\","
                + "\"bar\":{\"interval\":\"15m\"},\"windows\":{\"days\":[\"MON\",\"WED\"]},\"costs\":{\"fee_bp\":0.20}}";
        assertEquals(json, RequestParser.canonicalJson(RequestParser.parse(spaced)));
    }

    @Test
    void nullMeansDefault() {
        assertEquals("1m", RequestParser.parse(with("\"bar\":null")).bar().interval());
        assertEquals(20, RequestParser.parse(with("\"signal\":{\"detrend\":{\"lookback\":null}}")).signal().detrendLookback());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2024-02-01\"}}|ticker",
        "{\"ticker\":\"SPY\"}|horizon",
        "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2024-01-02\"}}|horizon.end",
        "{\"ticker\":\"spy\",\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2024-02-01\"}}|ticker",
        "{\"ticker\":\"TOOLONGTICK\",\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2024-02-01\"}}|ticker",
        "{\"ticker\":7,\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2024-02-01\"}}|ticker",
        "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2024-13-02\",\"end\":\"2024-02-01\"}}|horizon.start",
        "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2024-03-02\",\"end\":\"2024-02-01\"}}|horizon.end",
        "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2010-03-02\",\"end\":\"2024-02-01\"}}|horizon.start",
        "{\"ticker\":\"SPY\",\"horizon\":\"2024\"}|horizon",
        "[1,2]|''",
        "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2024-02-01\"},\"extra\":1}|extra",
    })
    void requiredAndTopLevel(String json, String field) {
        assertField(json, field);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "\"bar\":{\"interval\":\"2m\"}|bar.interval",
        "\"bar\":{\"rth_only\":\"yes\"}|bar.rth_only",
        "\"bar\":{\"intervall\":\"5m\"}|bar.intervall",
        "\"windows\":{\"spec\":\"\"}|windows.spec",
        "\"windows\":{\"spec\":5}|windows.spec",
        "\"windows\":{\"days\":[\"MON\",\"SAT\"]}|windows.days[1]",
        "\"windows\":{\"days\":[\"MON\",\"MON\"]}|windows.days[1]",
        "\"windows\":{\"days\":[]}|windows.days",
        "\"signal\":{\"detrend\":{\"method\":\"median\"}}|signal.detrend.method",
        "\"signal\":{\"detrend\":{\"lookback\":1}}|signal.detrend.lookback",
        "\"signal\":{\"zscore\":{\"lookback\":10001}}|signal.zscore.lookback",
        "\"signal\":{\"zscore\":{\"lookback\":20.5}}|signal.zscore.lookback",
        "\"signal\":{\"zscore\":{\"method\":\"mad\"}}|signal.zscore.method",
        "\"signal\":{\"zscore\":{\"window\":3}}|signal.zscore.window",
        "\"signal\":{\"session_reset\":1}|signal.session_reset",
        "\"params\":{\"entry_grid\":[-2.0,0.5]}|params.entry_grid[1]",
        "\"params\":{\"entry_grid\":[-2.0,\"x\"]}|params.entry_grid[1]",
        "\"params\":{\"entry_grid\":[-2.0,-2.0]}|params.entry_grid[1]",
        "\"params\":{\"entry_grid\":[]}|params.entry_grid",
        "\"params\":{\"entry_grid\":[-1,-2,-3,-4,-5,-6,-7,-8,-9,-10,-11]}|params.entry_grid",
        "\"params\":{\"entry_grid\":-2}|params.entry_grid",
        "\"params\":{\"exit_grid\":[0.0,-1.5]}|params.exit_grid[1]",
        "\"params\":{\"hold_grid_min\":[30,0]}|params.hold_grid_min[1]",
        "\"params\":{\"hold_grid_min\":[391]}|params.hold_grid_min[0]",
        "\"params\":{\"hold_grid_min\":[30.5]}|params.hold_grid_min[0]",
        "\"params\":{\"side\":\"short\"}|params.side",
        "\"costs\":{\"mode\":\"quotes\"}|costs.mode",
        "\"costs\":{\"mode\":\"ticks\"}|costs.mode",
        "\"costs\":{\"fee_bp\":-0.1}|costs.fee_bp",
        "\"costs\":{\"spread_bp\":\"1\"}|costs.spread_bp",
        "\"walk_forward\":{\"test_days\":40}|walk_forward.step_days",
        "\"walk_forward\":{\"train_days\":0}|walk_forward.train_days",
        "\"walk_forward\":{\"test_days\":0}|walk_forward.test_days",
        "\"significance\":{\"fdr_alpha\":0}|significance.fdr_alpha",
        "\"significance\":{\"fdr_alpha\":0.6}|significance.fdr_alpha",
        "\"significance\":{\"min_trades\":29}|significance.min_trades",
        "\"significance\":{\"bootstrap_samples\":99}|significance.bootstrap_samples",
        "\"significance\":{\"bootstrap_samples\":100001}|significance.bootstrap_samples",
        "\"output\":{\"rank_by\":\"p_value\"}|output.rank_by",
        "\"output\":{\"explain\":\"no\"}|output.explain",
        "\"output\":[]|output",
    })
    void eachRuleNamesItsField(String extra, String field) {
        assertField(with(extra), field);
    }

    @Test
    void quotesModeHasAHint() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> RequestParser.parse(with("\"costs\":{\"mode\":\"quotes\"}")));
        assertEquals("INVALID_ARGUMENT", e.code());
        assertTrue(e.getMessage().contains("not supported"), e.getMessage());
        assertFalse(e.hint().isBlank());
    }

    @Test
    void malformedJsonAndDuplicateKeys() {
        assertEquals("", assertThrows(InvalidArgumentException.class, () -> RequestParser.parse("{\"ticker\":")).field());
        assertEquals("", assertThrows(InvalidArgumentException.class,
                () -> RequestParser.parse(with("\"ticker\":\"QQQ\""))).field());
    }

    private static void assertField(String json, String field) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> RequestParser.parse(json));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(InvalidArgumentException.CODE, e.code());
        assertFalse(e.getMessage().isBlank());
        assertTrue(e.hint() != null && !e.hint().isBlank());
    }
}
