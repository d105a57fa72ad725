package io.revertiq.analysis.io;

import io.revertiq.analysis.stream.AvroMapping;
import io.revertiq.avro.SeriesDiagnostics;
import io.revertiq.engine.assembly.AssembledResult;
import io.revertiq.engine.assembly.AssembledResult.CostPoint;
import io.revertiq.engine.assembly.AssembledResult.GlobalStats;
import io.revertiq.engine.assembly.AssembledResult.Window;
import io.revertiq.engine.bars.DataQuality;
import io.revertiq.engine.cell.CellResult;
import io.revertiq.engine.request.AnalysisParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Explain mode: a plain-English narrative built only from the numbers of the result (same numbers, same
 * words), plus definitions of the terms the response uses. It reads the series header rather than the series, so
 * the pipeline, which never holds the series in one place, explains the same way.
 */
public record Explain(List<String> narrative, Map<String, String> definitions) {
    private static final String[] DOW = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};

    public static Explain of(SeriesDiagnostics header, AnalysisParams p, AssembledResult r) {
        DataQuality quality = AvroMapping.toDataQuality(header);
        GlobalStats g = r.globalStats();
        List<String> narrative = new ArrayList<>();
        narrative.add(String.format(Locale.ROOT,
                "%s was analysed on %s bars from %s to %s: %d trading days with data, %d bars kept, %d days missing "
                        + "and %d days below 90%% of their expected bars.",
                p.ticker(), p.bar().interval(), p.horizon().start(), p.horizon().end(), header.getDaysWithData(),
                header.getBarsKept(), quality.missingDays().size(), quality.incompleteDays().size()));
        narrative.add(String.format(Locale.ROOT,
                "Each of %d windows (day of week x time bin) was traded on a %s/%s z-score of the close, entering when "
                        + "z crossed the entry band and leaving at the exit band, the hold cap or the session end. "
                        + "Bands were chosen on %d trading days and tested on the next %d, stepping %d days, so every "
                        + "reported trade is out of sample; each trade paid %s bp round trip.",
                g.cellsEvaluated(), p.signal().detrend().name().toLowerCase(Locale.ROOT),
                p.signal().zscore().name().toLowerCase(Locale.ROOT), p.walkForward().trainDays(),
                p.walkForward().testDays(), p.walkForward().stepDays(), num(p.costs().roundTripBp())));
        if (g.cellsInFamily() == 0) {
            narrative.add("No window had enough out-of-sample trades to be tested for significance.");
        } else {
            narrative.add(String.format(Locale.ROOT,
                    "%d windows had at least %d out-of-sample trades and were tested together; after the "
                            + "Benjamini-Hochberg correction at a false discovery rate of %s, %d %s significant.",
                    g.cellsInFamily(), p.significance().minTrades(), num(p.significance().fdrAlpha()),
                    g.cellsSignificant(), g.cellsSignificant() == 1 ? "is" : "are"));
        }
        if (!r.windowsRanked().isEmpty()) {
            Window top = r.windowsRanked().get(0);
            CellResult c = top.cell();
            narrative.add(String.format(Locale.ROOT,
                    "The top ranked window is %s %s: %d trades, %s bp per trade after costs, %s%% winners, "
                            + "annualised Sharpe %s, adjusted p-value %s%s.",
                    DOW[c.dow() - 1], c.cellKey().substring(c.cellKey().indexOf('|') + 1), c.nTrades(),
                    num(c.oosRetPerTradeBp()), num(c.hitRate() == null ? null : 100 * c.hitRate()),
                    num(c.oosSharpe()), num(top.fdrAdjP()),
                    c.halfLifeMin() == null ? "" : "; deviations there halve in about " + num(c.halfLifeMin()) + " minutes"));
        }
        io.revertiq.engine.diagnostics.SeriesDiagnostics.Result d = AvroMapping.toDiagnostics(header);
        if (d.adf() != null && d.hurst() != null) {
            narrative.add(String.format(Locale.ROOT,
                    "Over the whole series the z-score %s mean reverting by all three tests (ADF p %s, KPSS p %s, "
                            + "Hurst exponent %s of the log price).",
                    d.meanReverting() ? "is" : "is not", num(d.adf().pValue()), num(d.kpss().pValue()),
                    num(d.hurst().exponent())));
        }
        CostPoint doubled = r.costSensitivity().stream().filter(c -> c.multiplier() == 2.0).findFirst().orElse(null);
        if (doubled != null && doubled.meanNetBp() != null) {
            narrative.add(String.format(Locale.ROOT,
                    "At twice the assumed costs the tested windows would earn %s bp per trade (Sharpe %s).",
                    num(doubled.meanNetBp()), num(doubled.oosSharpe())));
        }
        return new Explain(List.copyOf(narrative), termDefinitions());
    }

    private static Map<String, String> termDefinitions() {
        Map<String, String> terms = new LinkedHashMap<>();
        terms.put("window", "A day of week and a time-of-day bin; trades may only enter while the bin is open.");
        terms.put("z-score", "The close minus its rolling mean, divided by the rolling volatility of that deviation.");
        terms.put("walk-forward", "Parameters are chosen on a train slice of days and applied, unchanged, to the "
                + "following test slice; only test-slice trades are reported.");
        terms.put("oos_ret_per_trade_bp", "Mean out-of-sample net return per trade in basis points, after costs.");
        terms.put("oos_sharpe", "Mean over standard deviation of out-of-sample net returns, annualised by the "
                + "square root of trades per year.");
        terms.put("p_value", "Bootstrap probability of a mean net return at least this large if the true mean were 0.");
        terms.put("fdr_adj_p", "The p-value adjusted by Benjamini-Hochberg over all tested windows; a window is "
                + "significant when it is at most fdr_alpha.");
        terms.put("ci95_bp", "The 2.5% and 97.5% percentiles of the bootstrap mean return per trade.");
        terms.put("half_life_min", "Minutes for a z-score deviation inside the window to halve, from an AR(1) fit.");
        terms.put("cost_break_even_bp", "The round-trip cost at which the window's mean net return would be zero.");
        terms.put("drift_flag", "The latest period's Sharpe fell more than one standard deviation below the median "
                + "of its periods.");
        terms.put("insufficient", "Fewer out-of-sample trades than significance.min_trades: reported, not tested.");
        return terms;
    }

    private static String num(Double v) {
        if (v == null || !Double.isFinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 0.01 ? "%.2f" : "%.2g", v);
    }
}
