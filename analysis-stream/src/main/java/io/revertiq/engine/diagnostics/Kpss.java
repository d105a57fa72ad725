package io.revertiq.engine.diagnostics;

/**
 * KPSS test of level stationarity, reproducing statsmodels {@code kpss(x, regression='c', nlags='auto')}:
 * residuals from the mean, Hobijn et al. (1998) bandwidth, Bartlett-weighted long-run variance.
 *
 * <p>The p-value is interpolated in the KPSS (1992) table, which only spans 0.01..0.10; beyond it the value is
 * clipped and {@link Result#pClipped()} tells the caller that the true p-value is more extreme.
 */
public final class Kpss {
    private static final double[] CRIT = {0.347, 0.463, 0.574, 0.739};
    private static final double[] P = {0.10, 0.05, 0.025, 0.01};

    /**
     * @param statistic eta = sum S_t^2 / (n^2 s2)
     * @param pValue    table p-value in [0.01, 0.10]
     * @param lags      Bartlett bandwidth used
     * @param pClipped  true when the statistic lies outside the table and pValue is a bound
     */
    public record Result(double statistic, double pValue, int lags, boolean pClipped) {
    }

    private Kpss() {
    }

    /**
     * Runs the test on a finite series.
     *
     * @throws IllegalArgumentException when fewer than 2 observations or a constant series are given
     */
    public static Result test(double[] x) {
        int n = x.length;
        if (n < 2) {
            throw new IllegalArgumentException("KPSS needs at least 2 observations, got " + n);
        }
        double mean = 0.0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double[] e = new double[n];
        double partial = 0.0;
        double eta = 0.0;
        for (int i = 0; i < n; i++) {
            e[i] = x[i] - mean;
            partial += e[i];
            eta += partial * partial;
        }
        eta /= (double) n * n;

        int lags = Math.min(autolag(e), n - 1);
        double s2 = dot(e, 0);
        for (int i = 1; i <= lags; i++) {
            s2 += 2.0 * dot(e, i) * (1.0 - i / (lags + 1.0));
        }
        s2 /= n;
        if (!(s2 > 0.0)) {
            throw new IllegalArgumentException("KPSS of a constant series");
        }
        double stat = eta / s2;
        return new Result(stat, interpolate(stat), lags, stat <= CRIT[0] || stat >= CRIT[CRIT.length - 1]);
    }

    /** Hobijn, Franses and Ooms (1998) bandwidth as statsmodels' {@code _kpss_autolag}. */
    static int autolag(double[] e) {
        int n = e.length;
        int covLags = (int) Math.pow(n, 2.0 / 9.0);
        double s0 = dot(e, 0) / n;
        double s1 = 0.0;
        for (int i = 1; i <= covLags; i++) {
            double gamma = dot(e, i) / (n / 2.0);
            s0 += gamma;
            s1 += i * gamma;
        }
        double ratio = s1 / s0;
        double gammaHat = 1.1447 * Math.pow(ratio * ratio, 1.0 / 3.0);
        return (int) (gammaHat * Math.pow(n, 1.0 / 3.0));
    }

    /** Linear interpolation in the table, flat outside it (numpy.interp). */
    static double interpolate(double stat) {
        if (stat <= CRIT[0]) {
            return P[0];
        }
        for (int i = 1; i < CRIT.length; i++) {
            if (stat <= CRIT[i]) {
                double w = (stat - CRIT[i - 1]) / (CRIT[i] - CRIT[i - 1]);
                return P[i - 1] + w * (P[i] - P[i - 1]);
            }
        }
        return P[P.length - 1];
    }

    private static double dot(double[] e, int lag) {
        double s = 0.0;
        for (int i = lag; i < e.length; i++) {
            s += e[i] * e[i - lag];
        }
        return s;
    }
}
