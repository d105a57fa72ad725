package io.revertiq.engine.stats;

import java.util.Arrays;

/** Two-pass sample moments and order statistics over array ranges (two passes: no cancellation in the variance). */
public final class Moments {
    private Moments() {
    }

    public static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s / (to - from);
    }

    /** Sample standard deviation (ddof=1) around a given mean. */
    public static double sd(double[] x, int from, int to, double mean) {
        double ss = 0;
        for (int i = from; i < to; i++) {
            double e = x[i] - mean;
            ss += e * e;
        }
        return Math.sqrt(ss / (to - from - 1));
    }

    /** Median of x[0, n) (mean of the two middle values for even n); sorts a copy. */
    public static double median(double[] x, int n) {
        double[] c = Arrays.copyOf(x, n);
        Arrays.sort(c);
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    /**
     * Percentile q in [0, 1] of sorted[0, n) by linear interpolation between closest ranks, numpy's default
     * ("linear", Hyndman-Fan type 7): h = (n-1) q, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
     */
    public static double percentileSorted(double[] sorted, int n, double q) {
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        if (lo >= n - 1) {
            return sorted[n - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }
}
