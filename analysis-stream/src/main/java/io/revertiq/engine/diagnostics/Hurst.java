package io.revertiq.engine.diagnostics;

/**
 * Hurst exponent from the scaling of increments: the slope of log std(x_{t+tau} - x_t) on log tau for
 * tau = {@value #MIN_TAU}..{@value #MAX_TAU} bars. Only pairs inside one session count, so overnight gaps do not
 * masquerade as diffusion. The std is the population one (numpy's default). About 0.5 for a random walk, below
 * for mean reversion, above for trending.
 */
public final class Hurst {
    public static final int MIN_TAU = 2;
    public static final int MAX_TAU = 100;

    /**
     * @param exponent  fitted slope; NaN when fewer than two horizons had data
     * @param horizons  number of tau values that entered the fit
     */
    public record Result(double exponent, int horizons) {
    }

    private Hurst() {
    }

    /**
     * @param x         log closes
     * @param sessionId session of each bar; equal values mark the same session
     */
    public static Result estimate(double[] x, int[] sessionId) {
        if (x.length != sessionId.length) {
            throw new IllegalArgumentException("x and sessionId differ in length");
        }
        double sumU = 0.0;
        double sumV = 0.0;
        double sumUU = 0.0;
        double sumUV = 0.0;
        int horizons = 0;
        for (int tau = MIN_TAU; tau <= MAX_TAU; tau++) {
            // Welford: increments of log prices are tiny next to their level, so no naive sum of squares
            int count = 0;
            double mean = 0.0;
            double m2 = 0.0;
            for (int t = 0; t + tau < x.length; t++) {
                if (sessionId[t] != sessionId[t + tau]) {
                    continue;
                }
                double d = x[t + tau] - x[t];
                if (!Double.isFinite(d)) {
                    continue;
                }
                count++;
                double delta = d - mean;
                mean += delta / count;
                m2 += delta * (d - mean);
            }
            if (count < 2 || !(m2 > 0.0)) {
                continue;
            }
            double u = Math.log(tau);
            double v = 0.5 * Math.log(m2 / count);
            sumU += u;
            sumV += v;
            sumUU += u * u;
            sumUV += u * v;
            horizons++;
        }
        if (horizons < 2) {
            return new Result(Double.NaN, horizons);
        }
        double slope = (horizons * sumUV - sumU * sumV) / (horizons * sumUU - sumU * sumU);
        return new Result(slope, horizons);
    }
}
