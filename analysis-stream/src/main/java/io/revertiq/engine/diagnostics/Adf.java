package io.revertiq.engine.diagnostics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Augmented Dickey-Fuller test with a constant and AIC lag selection, reproducing statsmodels
 * {@code adfuller(x, regression='c', autolag='AIC')}: dx_t is regressed on [x_{t-1}, 1, dx_{t-1}, ..., dx_{t-p}].
 *
 * <p>The lag search fits every p = 0..maxlag on the sample of the largest lag so that the AICs are comparable.
 * With the regressors in that column order each smaller model is a leading block of the largest one, and the
 * Cholesky factor of a leading block is the leading block of the Cholesky factor. So the cross products are
 * accumulated once and a single factorisation yields the residual sum of squares of every lag: the lag search
 * costs one pass over the data plus O(maxlag^3).
 *
 * <p>The level column enters centred on the series mean. With a constant in the regression this leaves its
 * coefficient and standard error unchanged but keeps the normal equations well conditioned for series far from
 * zero (log prices).
 */
public final class Adf {
    private static final double LOG_2PI = Math.log(2.0 * Math.PI);

    /**
     * @param statistic t statistic of the x_{t-1} coefficient
     * @param pValue    MacKinnon approximate p-value
     * @param usedLag   number of lagged differences chosen by AIC
     * @param nobs      observations in the final regression (n - 1 - usedLag)
     * @param maxLag    largest lag searched
     * @param icBest    AIC of the chosen lag on the common sample
     */
    public record Result(double statistic, double pValue, int usedLag, int nobs, int maxLag, double icBest) {
    }

    private Adf() {
    }

    /** statsmodels' default search bound: ceil(12 (n/100)^(1/4)), capped so that the regression keeps rows. */
    public static int defaultMaxLag(int n) {
        int schwert = (int) Math.ceil(12.0 * Math.pow(n / 100.0, 0.25));
        return Math.min(n / 2 - 2, schwert);
    }

    /**
     * Runs the test on a finite series.
     *
     * @throws IllegalArgumentException when the series is too short for one lag or constant
     */
    public static Result test(double[] x) {
        int n = x.length;
        int maxLag = defaultMaxLag(n);
        if (maxLag < 0) {
            throw new IllegalArgumentException("ADF needs at least 4 observations, got " + n);
        }
        double mean = 0.0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            mean += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (!(max > min)) {
            throw new IllegalArgumentException("ADF of a constant or non-finite series");
        }
        mean /= n;
        double[] dx = new double[n - 1];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = x[i + 1] - x[i];
        }

        NormalEquations common = NormalEquations.build(x, dx, mean, maxLag);
        int bestLag = 0;
        double bestAic = Double.POSITIVE_INFINITY;
        double[] explained = common.explainedByLeadingBlocks();
        for (int p = 0; p <= maxLag; p++) {
            int k = p + 2;
            double aic = aic(common.yty - explained[k - 1], common.rows, k);
            if (aic < bestAic) {
                bestAic = aic;
                bestLag = p;
            }
        }

        NormalEquations fit = bestLag == maxLag ? common : NormalEquations.build(x, dx, mean, bestLag);
        double tau = fit.levelTStatistic();
        return new Result(tau, MacKinnon.pValueConstant(tau), bestLag, fit.rows, maxLag, bestAic);
    }

    /** statsmodels OLS AIC: -2 llf + 2 k with the Gaussian log-likelihood at the ML variance. */
    private static double aic(double ssr, int n, int k) {
        double llf = -0.5 * n * (LOG_2PI + Math.log(ssr / n) + 1.0);
        return -2.0 * llf + 2.0 * k;
    }

    /** X'X, X'y and y'y of dx_j on [x_j - shift, 1, dx_{j-1}, ..., dx_{j-lags}] over j = lags .. dx.length-1. */
    private static final class NormalEquations {
        final DMatrixRMaj xtx;
        final DMatrixRMaj xty;
        final double yty;
        final int rows;

        private NormalEquations(DMatrixRMaj xtx, DMatrixRMaj xty, double yty, int rows) {
            this.xtx = xtx;
            this.xty = xty;
            this.yty = yty;
            this.rows = rows;
        }

        static NormalEquations build(double[] x, double[] dx, double shift, int lags) {
            int first = lags;
            int last = dx.length - 1;
            int k = lags + 2;
            // per shift b = 0..lags: sum dx_j dx_{j-b}, sum (x_j - shift) dx_{j-b}, sum dx_{j-b}
            double[] dd = new double[lags + 1];
            double[] ld = new double[lags + 1];
            double[] sd = new double[lags + 1];
            for (int b = 0; b <= lags; b++) {
                double accDd = 0.0;
                double accLd = 0.0;
                double accSd = 0.0;
                for (int j = first; j <= last; j++) {
                    double lagged = dx[j - b];
                    accDd += dx[j] * lagged;
                    accLd += (x[j] - shift) * lagged;
                    accSd += lagged;
                }
                dd[b] = accDd;
                ld[b] = accLd;
                sd[b] = accSd;
            }
            double sx = 0.0;
            double sxx = 0.0;
            for (int j = first; j <= last; j++) {
                double c = x[j] - shift;
                sx += c;
                sxx += c * c;
            }

            DMatrixRMaj xtx = new DMatrixRMaj(k, k);
            xtx.unsafe_set(0, 0, sxx);
            xtx.unsafe_set(0, 1, sx);
            xtx.unsafe_set(1, 1, last - first + 1);
            for (int i = 1; i <= lags; i++) {
                xtx.unsafe_set(0, 1 + i, ld[i]);
                xtx.unsafe_set(1, 1 + i, sd[i]);
            }
            // The lag block is Toeplitz up to edge terms: moving both lags by one shifts the summation window by
            // one row, so each entry follows from its upper-left neighbour with one product added and one removed.
            for (int d = 0; d < lags; d++) {
                double v = dd[d];
                for (int a = 1; a + d <= lags; a++) {
                    int b = a + d;
                    v += dx[first - a] * dx[first - b] - dx[last - a + 1] * dx[last - b + 1];
                    xtx.unsafe_set(1 + a, 1 + b, v);
                }
            }
            for (int r = 0; r < k; r++) {
                for (int c = r + 1; c < k; c++) {
                    xtx.unsafe_set(c, r, xtx.unsafe_get(r, c));
                }
            }
            DMatrixRMaj xty = new DMatrixRMaj(k, 1);
            xty.unsafe_set(0, 0, ld[0]);
            xty.unsafe_set(1, 0, sd[0]);
            for (int i = 1; i <= lags; i++) {
                xty.unsafe_set(1 + i, 0, dd[i]);
            }
            return new NormalEquations(xtx, xty, dd[0], last - first + 1);
        }

        /**
         * b'X'y of the regression on the first m columns, for m = 1..k, from one Cholesky factorisation
         * X'X = L L': with r = L^-1 X'y the fit on the leading m columns explains r_0^2 + ... + r_{m-1}^2.
         */
        double[] explainedByLeadingBlocks() {
            int k = xtx.numRows;
            CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(k, true);
            if (!chol.decompose(xtx.copy())) {
                throw new IllegalArgumentException("ADF regressors are collinear");
            }
            DMatrixRMaj l = chol.getT(null);
            double[] explained = new double[k];
            double[] r = new double[k];
            double cumulative = 0.0;
            for (int i = 0; i < k; i++) {
                double s = xty.unsafe_get(i, 0);
                for (int j = 0; j < i; j++) {
                    s -= l.unsafe_get(i, j) * r[j];
                }
                r[i] = s / l.unsafe_get(i, i);
                cumulative += r[i] * r[i];
                explained[i] = cumulative;
            }
            return explained;
        }

        /** OLS t statistic of the level coefficient, with the residual variance on n - k degrees of freedom. */
        double levelTStatistic() {
            int k = xtx.numRows;
            LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(k);
            if (!solver.setA(xtx.copy())) {
                throw new IllegalArgumentException("ADF regressors are collinear");
            }
            DMatrixRMaj beta = new DMatrixRMaj(k, 1);
            solver.solve(xty, beta);
            DMatrixRMaj inverse = new DMatrixRMaj(k, k);
            solver.invert(inverse);
            double explained = 0.0;
            for (int i = 0; i < k; i++) {
                explained += beta.unsafe_get(i, 0) * xty.unsafe_get(i, 0);
            }
            double sigma2 = (yty - explained) / (rows - k);
            return beta.unsafe_get(0, 0) / Math.sqrt(sigma2 * inverse.unsafe_get(0, 0));
        }
    }
}
