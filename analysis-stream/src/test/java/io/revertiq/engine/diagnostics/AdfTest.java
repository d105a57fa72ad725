package io.revertiq.engine.diagnostics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdfTest {
    @Test
    void defaultMaxLagFollowsStatsmodels() {
        assertEquals(24, Adf.defaultMaxLag(1500));
        assertEquals(26, Adf.defaultMaxLag(2000));
        assertEquals(81, Adf.defaultMaxLag(200_000));
        assertEquals(3, Adf.defaultMaxLag(10));
    }

    /**
     * Cross-checks the shared cross products, the leading-block AICs and the centred level column against a
     * textbook QR least squares on explicit design matrices, on a log-price-like series far from zero whose
     * autocorrelated differences make AIC pick an interior lag.
     */
    @Test
    void matchesExplicitRegressionsOnALogPriceSeries() {
        int n = 3000;
        double[] e = Simulated.ar1(n, 0.0, 5L);
        double[] x = new double[n];
        x[0] = 4.6;
        double dPrev = 0.0;
        double ePrev = 0.0;
        for (int t = 1; t < n; t++) {
            // ARMA(1,1) differences: the MA part needs several AR lags, so the search does not stop at 0
            double d = 0.3 * dPrev + 1e-3 * (e[t] + 0.6 * ePrev) - 2e-3 * (x[t - 1] - 4.6);
            x[t] = x[t - 1] + d;
            dPrev = d;
            ePrev = e[t];
        }
        int maxLag = Adf.defaultMaxLag(n);
        int bestLag = -1;
        double bestAic = Double.POSITIVE_INFINITY;
        for (int p = 0; p <= maxLag; p++) {
            double[] fit = explicitFit(x, p, maxLag);
            if (fit[1] < bestAic) {
                bestAic = fit[1];
                bestLag = p;
            }
        }
        double expectedTau = explicitFit(x, bestLag, bestLag)[0];

        Adf.Result r = Adf.test(x);
        assertTrue(bestLag > 0 && bestLag < maxLag, "test series should select an interior lag, got " + bestLag);
        assertEquals(bestLag, r.usedLag());
        assertEquals(n - 1 - bestLag, r.nobs());
        assertEquals(bestAic, r.icBest(), 1e-8 * Math.abs(bestAic));
        assertEquals(expectedTau, r.statistic(), 1e-8 * Math.abs(expectedTau));
        assertEquals(MacKinnon.pValueConstant(expectedTau), r.pValue(), 1e-9);
    }

    @Test
    void stationarySeriesRejectsAndRandomWalkDoesNot() {
        assertTrue(Adf.test(Simulated.ar1(2000, 0.5, 3L)).pValue() < 0.01);
        assertTrue(Adf.test(Simulated.randomWalk(2000, 0.0, 1.0, 3L)).pValue() > 0.05);
    }

    @Test
    void degenerateInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Adf.test(new double[]{1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> Adf.test(new double[50]));
    }

    /** {t statistic of the level, AIC} of dx on [x_{t-1}, 1, p lagged dx] over rows dropping the first `skip`. */
    private static double[] explicitFit(double[] x, int p, int skip) {
        int m = x.length - 1;
        int rows = m - skip;
        int k = p + 2;
        DMatrixRMaj a = new DMatrixRMaj(rows, k);
        DMatrixRMaj y = new DMatrixRMaj(rows, 1);
        for (int r = 0; r < rows; r++) {
            int j = skip + r;
            y.set(r, 0, x[j + 1] - x[j]);
            a.set(r, 0, x[j]);
            a.set(r, 1, 1.0);
            for (int i = 1; i <= p; i++) {
                a.set(r, 1 + i, x[j - i + 1] - x[j - i]);
            }
        }
        LinearSolverDense<DMatrixRMaj> qr = LinearSolverFactory_DDRM.qr(rows, k);
        assertTrue(qr.setA(a.copy()));
        DMatrixRMaj beta = new DMatrixRMaj(k, 1);
        qr.solve(y, beta);
        double ssr = 0.0;
        for (int r = 0; r < rows; r++) {
            double fitted = 0.0;
            for (int c = 0; c < k; c++) {
                fitted += a.get(r, c) * beta.get(c, 0);
            }
            double res = y.get(r, 0) - fitted;
            ssr += res * res;
        }
        DMatrixRMaj xtx = new DMatrixRMaj(k, k);
        CommonOps_DDRM.multTransA(a, a, xtx);
        CommonOps_DDRM.invert(xtx);
        double se = Math.sqrt(ssr / (rows - k) * xtx.get(0, 0));
        double llf = -0.5 * rows * (Math.log(2 * Math.PI) + Math.log(ssr / rows) + 1.0);
        return new double[]{beta.get(0, 0) / se, -2.0 * llf + 2.0 * k};
    }
}
