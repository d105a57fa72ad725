package io.revertiq.engine.cell;

import io.revertiq.engine.stats.Moments;
import io.revertiq.engine.stats.Sharpe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Section 6 statistics over a cell's out-of-sample trades. oosDays = distinct trading days in the test slices
 * of the folds that chose a set: the days the cell could have traded out of sample, including the other
 * weekdays, so trades per year is per calendar year of exposure. Values are null when undefined (no trades;
 * Sharpe with fewer than 2 trades or zero dispersion; no mean-reversion exits).
 */
public record WindowStats(int nTrades, Double oosRetPerTradeBp, Double hitRate, Double oosSharpe,
                          Double medianTimeToMeanMin, Double costBreakEvenBp, int oosDays,
                          Map<String, Integer> exitReasons) {

    public static WindowStats of(Trades t, int oosDays) {
        int n = t.size();
        Map<String, Integer> reasons = new LinkedHashMap<>();
        int[] counts = new int[ExitReason.values().length];
        int hits = 0;
        double gross = 0;
        for (int i = 0; i < n; i++) {
            counts[t.reason(i).ordinal()]++;
            if (t.netBp(i) > 0) {
                hits++;
            }
            gross += t.grossBp(i);
        }
        for (ExitReason r : ExitReason.values()) {
            reasons.put(r.jsonName(), counts[r.ordinal()]);
        }
        int meanExits = counts[ExitReason.MEAN.ordinal()];
        Double median = null;
        if (meanExits > 0) {
            double[] holds = new double[meanExits];
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (t.reason(i) == ExitReason.MEAN) {
                    holds[k++] = t.holdMin(i);
                }
            }
            median = Moments.median(holds, meanExits);
        }
        if (n == 0) {
            return new WindowStats(0, null, null, null, null, null, oosDays, Collections.unmodifiableMap(reasons));
        }
        return new WindowStats(n, Moments.mean(t.netColumn(), 0, n), hits / (double) n,
                Sharpe.annualized(t.netColumn(), 0, n, oosDays), median, gross / n, oosDays,
                Collections.unmodifiableMap(reasons));
    }
}
