package io.revertiq.engine.diagnostics;

/**
 * Standard normal distribution function. The MacKinnon p-values of strongly stationary series live far in the
 * lower tail (1e-18 and below), so the CDF goes through a complementary error function that keeps relative
 * precision there instead of through 1 - erf.
 */
public final class Normal {
    // W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969), as in CALERF.
    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
            3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
            2.84423683343917062e03};
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
            2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03,
            1.23033935479799725e03, 2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
            1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03,
            1.23033935480374942e03};
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
            1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1,
            6.05183413124413191e-2, 2.33520497626869185e-3};
    private static final double INV_SQRT_PI = 0.56418958354775628695;
    private static final double INV_SQRT2 = 0.70710678118654752440;
    /** Beyond this erfc underflows to zero. */
    private static final double ERFC_ZERO = 26.543;

    private Normal() {
    }

    /** P(Z <= x) for a standard normal Z. */
    public static double cdf(double x) {
        return 0.5 * erfc(-x * INV_SQRT2);
    }

    /** Two-sided tail probability P(|Z| >= |z|), accurate for large |z| where 1 - cdf would cancel. */
    public static double twoSided(double z) {
        return erfc(Math.abs(z) * INV_SQRT2);
    }

    /** Complementary error function with full relative precision over the whole range. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double ax = Math.abs(x);
        if (ax <= 0.46875) {
            double ysq = ax > 1.11e-16 ? x * x : 0.0;
            double num = A[4] * ysq;
            double den = ysq;
            for (int i = 0; i < 3; i++) {
                num = (num + A[i]) * ysq;
                den = (den + B[i]) * ysq;
            }
            return 1.0 - x * (num + A[3]) / (den + B[3]);
        }
        double r;
        if (ax <= 4.0) {
            double num = C[8] * ax;
            double den = ax;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * ax;
                den = (den + D[i]) * ax;
            }
            r = (num + C[7]) / (den + D[7]);
        } else if (ax >= ERFC_ZERO) {
            r = 0.0;
        } else {
            double z = 1.0 / (ax * ax);
            double num = P[5] * z;
            double den = z;
            for (int i = 0; i < 4; i++) {
                num = (num + P[i]) * z;
                den = (den + Q[i]) * z;
            }
            r = (INV_SQRT_PI - z * (num + P[4]) / (den + Q[4])) / ax;
        }
        if (r != 0.0) {
            // splitting x^2 keeps exp(-x^2) exact to the last bits for large x
            double hi = Math.floor(ax * 16.0) / 16.0;
            double del = (ax - hi) * (ax + hi);
            r = Math.exp(-hi * hi) * Math.exp(-del) * r;
        }
        return x < 0 ? 2.0 - r : r;
    }
}
