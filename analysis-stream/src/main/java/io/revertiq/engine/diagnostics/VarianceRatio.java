package io.revertiq.engine.diagnostics;

/**
 * Lo-MacKinlay variance ratio of a level series (log prices; its first differences are the returns), reproducing
 * {@code arch.unitroot.VarianceRatio(y, lags=q, robust=True)} with its defaults: drift removed, overlapping
 * q-period differences, de-biased variances and the heteroskedasticity-robust asymptotic variance.
 * A ratio below 1 means q-period returns vary less than q one-period returns would: mean reversion.
 */
public final class VarianceRatio {
    /** The horizons reported by the series diagnostics. */
    public static final int[] STANDARD_LAGS = {2, 5, 10};

    /**
     * @param q      horizon in bars
     * @param ratio  variance ratio VR(q)
     * @param z      robust z statistic sqrt(nq) (VR - 1) / sqrt(theta)
     * @param pValue two-sided normal p-value
     */
    public record Result(int q, double ratio, double z, double pValue) {
    }

    private VarianceRatio() {
    }

    /**
     * @throws IllegalArgumentException when q < 2 or the series has fewer than q + 2 points
     */
    public static Result test(double[] y, int q) {
        if (q < 2) {
            throw new IllegalArgumentException("variance ratio needs q >= 2, got " + q);
        }
        int n = y.length;
        if (n < q + 2) {
            throw new IllegalArgumentException("variance ratio at q=" + q + " needs " + (q + 2) + " points, got " + n);
        }
        int nq = n - 1;
        double mu = (y[n - 1] - y[0]) / nq;

        double sumZ2 = 0.0;
        for (int t = 1; t < n; t++) {
            double d = y[t] - y[t - 1] - mu;
            sumZ2 += d * d;
        }
        double sigma2One = sumZ2 / (nq - 1.0);

        double sumQ = 0.0;
        for (int t = q; t < n; t++) {
            double d = y[t] - y[t - q] - q * mu;
            sumQ += d * d;
        }
        double m = q * (nq - q + 1.0) * (1.0 - (double) q / nq);
        double sigma2Q = sumQ / m;

        // robust variance: sum over k of 4 (1 - k/q)^2 delta_k, delta_k = nq sum z2_t z2_{t-k} / (sum z2)^2
        double scale = sumZ2 * sumZ2;
        double theta = 0.0;
        for (int k = 1; k < q; k++) {
            double cross = 0.0;
            for (int t = k + 1; t < n; t++) {
                double a = y[t] - y[t - 1] - mu;
                double b = y[t - k] - y[t - k - 1] - mu;
                cross += a * a * b * b;
            }
            double w = 1.0 - (double) k / q;
            theta += 4.0 * w * w * nq * cross / scale;
        }
        double ratio = sigma2Q / sigma2One;
        double z = Math.sqrt(nq) * (ratio - 1.0) / Math.sqrt(theta);
        return new Result(q, ratio, z, Normal.twoSided(z));
    }
}
