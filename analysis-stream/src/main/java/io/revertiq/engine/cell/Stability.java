package io.revertiq.engine.cell;

import io.revertiq.engine.stats.Moments;
import io.revertiq.engine.stats.Sharpe;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * OOS performance per calendar period and the drift flag (section 6).
 *
 * <p>Periods are calendar years ("2024"), or quarters ("2024Q3") when the horizon's last trading day is less
 * than 3 years after its first. Every period holding at least one OOS day (a test day of a fold that chose a set)
 * is listed, in time order, even with n = 0. A period's Sharpe is annualised over its own trades and OOS days,
 * null when n &lt; 2 or the returns do not vary.
 *
 * <p>drift_flag: among the periods with a Sharpe (nulls excluded), at least 3, and the latest of them is below
 * their median minus one sample standard deviation (ddof=1; the latest period is part of both).
 */
public record Stability(List<Period> periods, boolean driftFlag) {

    public record Period(String period, int n, Double sharpe) {
    }

    /** trades in entry order; oosDay[d] marks the out-of-sample days. */
    public static Stability of(Trades trades, boolean[] oosDay, int[] horizonEpochDays) {
        int nDays = horizonEpochDays.length;
        List<Period> periods = new ArrayList<>();
        if (nDays == 0) {
            return new Stability(periods, false);
        }
        LocalDate first = LocalDate.ofEpochDay(horizonEpochDays[0]);
        boolean quarterly = LocalDate.ofEpochDay(horizonEpochDays[nDays - 1]).isBefore(first.plusYears(3));
        double[] net = trades.netColumn();
        int k = 0;
        int d = 0;
        while (d < nDays) {
            String label = label(horizonEpochDays[d], quarterly);
            int days = 0;
            int from = k;
            int end = d;
            while (end < nDays && label.equals(label(horizonEpochDays[end], quarterly))) {
                if (oosDay[end]) {
                    days++;
                }
                end++;
            }
            while (k < trades.size() && trades.entryDay(k) < end) {
                k++;
            }
            if (days > 0) {
                periods.add(new Period(label, k - from, Sharpe.annualized(net, from, k, days)));
            }
            d = end;
        }
        return new Stability(List.copyOf(periods), drift(periods));
    }

    private static String label(int epochDay, boolean quarterly) {
        LocalDate date = LocalDate.ofEpochDay(epochDay);
        return quarterly ? date.getYear() + "Q" + ((date.getMonthValue() + 2) / 3) : Integer.toString(date.getYear());
    }

    static boolean drift(List<Period> periods) {
        double[] s = periods.stream().filter(p -> p.sharpe() != null).mapToDouble(Period::sharpe).toArray();
        if (s.length < 3) {
            return false;
        }
        double median = Moments.median(s, s.length);
        double sd = Moments.sd(s, 0, s.length, Moments.mean(s, 0, s.length));
        return s[s.length - 1] < median - sd;
    }
}
