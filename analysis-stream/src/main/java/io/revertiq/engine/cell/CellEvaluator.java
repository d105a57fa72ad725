package io.revertiq.engine.cell;

import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.stats.Bootstrap;

import java.util.Arrays;
import java.util.List;

/**
 * Evaluates one cell from its slice alone: walk-forward OOS trades, window statistics, bootstrap p-value and CI,
 * half-life, stability and heatmap inputs. A cell with fewer than min_trades OOS trades is {@code insufficient}:
 * its descriptive statistics are still reported, its p-value and CI are not.
 *
 * <p>Not thread-safe: holds reusable buffers; use one instance per thread.
 */
public final class CellEvaluator {
    private final WalkForward walkForward = new WalkForward();
    private final Trades oos = new Trades(256);
    private Bootstrap bootstrap;

    public CellResult evaluate(CellSlice slice, AnalysisParams params, String dataHash, String cellKey) {
        List<FoldChoice> folds = walkForward.run(slice, params.params(), params.costs().roundTripBp(),
                params.walkForward(), oos);
        boolean[] oosDay = new boolean[slice.horizonEpochDays.length];
        int oosDays = 0;
        FoldChoice last = null;
        for (FoldChoice f : folds) {
            if (f.chose()) {
                last = f;
                for (int d = f.testFrom(); d < f.testTo(); d++) {
                    if (!oosDay[d]) {
                        oosDay[d] = true;
                        oosDays++;
                    }
                }
            }
        }
        WindowStats stats = WindowStats.of(oos, oosDays);
        int n = oos.size();
        boolean sufficient = n >= params.significance().minTrades();
        Double p = null;
        double[] ci = new double[0];
        if (sufficient) {
            int samples = params.significance().bootstrapSamples();
            if (bootstrap == null || bootstrap.samples() != samples) {
                bootstrap = new Bootstrap(samples);
            }
            Bootstrap.Result b = bootstrap.run(oos.netColumn(), n, Bootstrap.seed(dataHash, cellKey));
            p = b.pValue();
            ci = new double[] {b.ciLow(), b.ciHigh()};
        }
        Stability stability = Stability.of(oos, oosDay, slice.horizonEpochDays);
        double[] cost = new double[n];
        for (int i = 0; i < n; i++) {
            cost[i] = oos.costBp(i);
        }
        double[] heat = heatmapInputs(slice);
        return new CellResult(cellKey, slice.dow, slice.binStart, slice.binEnd,
                sufficient ? CellResult.Status.OK : CellResult.Status.INSUFFICIENT, n,
                stats.oosRetPerTradeBp(), stats.hitRate(), stats.oosSharpe(), stats.medianTimeToMeanMin(),
                CellHalfLife.of(slice), stats.costBreakEvenBp(), p, ci,
                last == null ? null : last.entryBand(), last == null ? null : last.exitBand(),
                last == null ? null : last.holdCapMin(), List.copyOf(folds), stability.periods(),
                stability.driftFlag(), stats.exitReasons(), oosDays,
                Arrays.copyOf(oos.grossColumn(), n), cost, Arrays.copyOf(oos.entryDayColumn(), n),
                Double.isNaN(heat[0]) ? null : heat[0], Double.isNaN(heat[1]) ? null : heat[1]);
    }

    /**
     * {mean |1-bar return| bp over in-bin bars with a previous bar in the same session, mean volume over in-bin
     * bars}; NaN when there is no such bar. The slice keeps each day's bars contiguous, so the previous slice bar
     * of the same day is the previous series bar of the session.
     */
    private static double[] heatmapInputs(CellSlice s) {
        double absRet = 0;
        int nRet = 0;
        double vol = 0;
        int nVol = 0;
        for (int i = 0; i < s.size(); i++) {
            if (!s.inBin(i)) {
                continue;
            }
            vol += s.volume[i];
            nVol++;
            if (i > 0 && s.dayIndex[i - 1] == s.dayIndex[i]) {
                absRet += Math.abs(1e4 * (s.close[i] - s.close[i - 1]) / s.close[i - 1]);
                nRet++;
            }
        }
        return new double[] {nRet == 0 ? Double.NaN : absRet / nRet, nVol == 0 ? Double.NaN : vol / nVol};
    }
}
