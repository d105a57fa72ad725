package io.revertiq.engine.diagnostics;

/**
 * Ornstein-Uhlenbeck half-life of a z-series from its discrete AR(1) fit dz = a + b z_{t-1}:
 * theta = -ln(1 + b) per bar and half-life = ln 2 / theta. The pairs entering the fit are chosen by the caller,
 * either explicitly or as all consecutive bars of one session, because a jump across the overnight gap is not a
 * transition of the intraday process.
 */
public final class OuHalfLife {
    /**
     * @param slope           b
     * @param intercept       a
     * @param theta           -ln(1 + b) per bar; NaN unless -1 < b < 0
     * @param halfLifeBars    ln 2 / theta; NaN when not mean reverting or fewer than 3 pairs
     * @param halfLifeMinutes halfLifeBars times the bar width
     * @param pairs           pairs that entered the fit
     */
    public record Result(double slope, double intercept, double theta, double halfLifeBars, double halfLifeMinutes,
                         int pairs) {
        static Result of(Ar1Accumulator fit, int barMinutes) {
            double bars = fit.halfLifeBars();
            return new Result(fit.slope(), fit.intercept(), fit.theta(), bars, bars * barMinutes, fit.pairs());
        }
    }

    private OuHalfLife() {
    }

    /** Fits the pairs (z[i], z[i + 1]) for each i in pairStarts; pairs with a non-finite value are skipped. */
    public static Result fitPairs(double[] z, int[] pairStarts, int barMinutes) {
        Ar1Accumulator fit = new Ar1Accumulator();
        for (int i : pairStarts) {
            fit.add(z[i], z[i + 1]);
        }
        return Result.of(fit, barMinutes);
    }

    /** Fits every consecutive pair inside one session; pairs with a non-finite value are skipped. */
    public static Result fitWithinSessions(double[] z, int[] sessionId, int barMinutes) {
        if (z.length != sessionId.length) {
            throw new IllegalArgumentException("z and sessionId differ in length");
        }
        Ar1Accumulator fit = new Ar1Accumulator();
        for (int i = 1; i < z.length; i++) {
            if (sessionId[i] == sessionId[i - 1]) {
                fit.add(z[i - 1], z[i]);
            }
        }
        return Result.of(fit, barMinutes);
    }
}
