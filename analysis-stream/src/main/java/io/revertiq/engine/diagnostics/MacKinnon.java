package io.revertiq.engine.diagnostics;

/**
 * MacKinnon (1994) approximate asymptotic p-value of a Dickey-Fuller tau statistic for the regression with a
 * constant and one variable (N = 1), with the response-surface coefficients statsmodels' {@code mackinnonp} uses.
 */
public final class MacKinnon {
    /** Above this the approximation is not valid and statsmodels reports 1. */
    static final double TAU_MAX = 2.74;
    /** Below this statsmodels reports 0. */
    static final double TAU_MIN = -18.83;
    /** Switch point between the small-p and large-p polynomials. */
    static final double TAU_STAR = -1.61;
    // statsmodels stores the rows unscaled and multiplies them by {1, 1, 1e-2} and {1, 1e-1, 1e-1, 1e-2}; the
    // scaling is folded in here
    private static final double[] SMALL_P = {2.1659, 1.4412, 3.8269e-2};
    private static final double[] LARGE_P = {1.7339, 9.3202e-1, -1.2745e-1, -1.0368e-2};

    private MacKinnon() {
    }

    /** p-value of an ADF statistic from a regression with a constant. */
    public static double pValueConstant(double tau) {
        if (Double.isNaN(tau)) {
            return Double.NaN;
        }
        if (tau > TAU_MAX) {
            return 1.0;
        }
        if (tau < TAU_MIN) {
            return 0.0;
        }
        double[] c = tau <= TAU_STAR ? SMALL_P : LARGE_P;
        double poly = 0.0;
        for (int i = c.length - 1; i >= 0; i--) {
            poly = poly * tau + c[i];
        }
        return Normal.cdf(poly);
    }
}
