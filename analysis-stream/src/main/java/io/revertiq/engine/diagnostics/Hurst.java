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
            // sums of d - shift, shift ~ the mean increment: stable without a division per element (Welford)
            double shift = shift(x, sessionId, tau);
            int count = 0;
            double sum = 0.0;
            double sumSq = 0.0;
            for (int t = 0; t + tau < x.length; t++) {
                if (sessionId[t] != sessionId[t + tau]) {
                    continue;
                }
                double d = x[t + tau] - x[t] - shift;
                if (!Double.isFinite(d)) {
                    continue;
                }
                count++;
                sum += d;
                sumSq += d * d;
            }
            double m2 = sumSq - sum * sum / count;
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

    /** The first finite same-session increment over tau bars. */
    private static double shift(double[] x, int[] sessionId, int tau) {
        for (int t = 0; t + tau < x.length; t++) {
            double d = x[t + tau] - x[t];
            if (sessionId[t] == sessionId[t + tau] && Double.isFinite(d)) {
                return d;
            }
        }
        return 0.0;
    }
}
