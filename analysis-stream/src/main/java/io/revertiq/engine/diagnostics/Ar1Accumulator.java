package io.revertiq.engine.diagnostics;

/**
 * Streaming least-squares fit of dz = a + b z_prev over pairs (z_prev, z) fed one at a time, so the cell
 * evaluator (pairs of one parameter cell) and the whole-series diagnostic share one estimator without
 * materialising the pairs. Means and co-moments are updated Welford-style, which stays exact when z sits far
 * from zero. Mutable and not thread-safe; {@link #reset()} makes an instance reusable.
 */
public final class Ar1Accumulator {
    /** Fewer pairs than this leave the fit undefined. */
    public static final int MIN_PAIRS = 3;
    private static final double LN2 = Math.log(2.0);

    private int pairs;
    private double meanPrev;
    private double meanDiff;
    private double sPrevPrev;
    private double sPrevDiff;

    /** Adds one transition; non-finite values are ignored. */
    public void add(double prev, double cur) {
        double diff = cur - prev;
        if (!Double.isFinite(prev) || !Double.isFinite(diff)) {
            return;
        }
        pairs++;
        double dPrev = prev - meanPrev;
        meanPrev += dPrev / pairs;
        meanDiff += (diff - meanDiff) / pairs;
        sPrevPrev += dPrev * (prev - meanPrev);
        sPrevDiff += dPrev * (diff - meanDiff);
    }

    public void reset() {
        pairs = 0;
        meanPrev = 0.0;
        meanDiff = 0.0;
        sPrevPrev = 0.0;
        sPrevDiff = 0.0;
    }

    public int pairs() {
        return pairs;
    }

    /** b, the OLS slope of dz on z_prev; NaN below {@link #MIN_PAIRS} pairs or without variation in z_prev. */
    public double slope() {
        return pairs >= MIN_PAIRS && sPrevPrev > 0.0 ? sPrevDiff / sPrevPrev : Double.NaN;
    }

    /** a, the OLS intercept; NaN whenever the slope is. */
    public double intercept() {
        return meanDiff - slope() * meanPrev;
    }

    /** Mean-reversion speed theta = -ln(1 + b) per bar; NaN unless -1 < b < 0 (no decay towards the mean). */
    public double theta() {
        double b = slope();
        return b < 0.0 && b > -1.0 ? -Math.log1p(b) : Double.NaN;
    }

    /** ln 2 / theta in bars; NaN when {@link #theta()} is. */
    public double halfLifeBars() {
        return LN2 / theta();
    }
}
