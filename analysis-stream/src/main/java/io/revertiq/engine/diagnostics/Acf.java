package io.revertiq.engine.diagnostics;

/**
 * Sample autocorrelation with the statsmodels {@code acf} definition (both sums over the full-sample mean, no
 * small-sample correction). Non-finite values are dropped first, so the lag pairs are consecutive finite values.
 */
public final class Acf {
    private Acf() {
    }

    /** sum (x_t - mean)(x_{t+1} - mean) / sum (x_t - mean)^2 over the finite values; NaN below two of them. */
    public static double lag1(double[] x) {
        int n = 0;
        double mean = 0.0;
        for (double v : x) {
            if (Double.isFinite(v)) {
                n++;
                mean += v;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        mean /= n;
        double prev = Double.NaN;
        double cross = 0.0;
        double var = 0.0;
        for (double v : x) {
            if (!Double.isFinite(v)) {
                continue;
            }
            double d = v - mean;
            var += d * d;
            if (!Double.isNaN(prev)) {
                cross += prev * d;
            }
            prev = d;
        }
        return cross / var;
    }
}
