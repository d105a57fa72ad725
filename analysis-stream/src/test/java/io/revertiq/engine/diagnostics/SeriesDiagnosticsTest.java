package io.revertiq.engine.diagnostics;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeriesDiagnosticsTest {
    private static final int SESSION = 78;
    private static final int WARM_UP = 10;

    @Test
    void meanRevertingSeriesIsFlagged() {
        int n = 78 * 60;
        double[] z = Simulated.ar1(n, 0.5, 31L);
        double[] logClose = new double[n];
        for (int i = 0; i < n; i++) {
            logClose[i] = Math.log(50) + 2e-3 * z[i];
        }
        int[] sessions = Simulated.sessions(n, SESSION);
        double[] warm = withWarmUp(z, sessions);

        SeriesDiagnostics.Result r = SeriesDiagnostics.compute(warm, logClose, sessions, 5);
        assertEquals(n - 60 * WARM_UP, r.finiteZ());
        assertTrue(r.adf().pValue() < 0.05, "adf p " + r.adf().pValue());
        assertTrue(r.kpss().pValue() > 0.05, "kpss p " + r.kpss().pValue());
        assertTrue(r.hurst().exponent() < 0.5, "hurst " + r.hurst().exponent());
        assertTrue(r.meanReverting());
        assertEquals(3, r.varianceRatios().size());
        assertTrue(r.varianceRatios().get(2).ratio() < 0.5, "VR(10) " + r.varianceRatios().get(2).ratio());
        double expectedHalfLife = 5 * Math.log(2) / -Math.log(0.5);
        assertEquals(expectedHalfLife, r.halfLife().halfLifeMinutes(), 0.15 * expectedHalfLife);
    }

    @Test
    void warmUpIsDroppedBeforeTheStationarityTests() {
        int n = 78 * 20;
        double[] z = Simulated.ar1(n, 0.8, 32L);
        int[] sessions = Simulated.sessions(n, SESSION);
        double[] warm = withWarmUp(z, sessions);
        double[] finite = Arrays.stream(warm).filter(Double::isFinite).toArray();

        SeriesDiagnostics.Result r = SeriesDiagnostics.compute(warm, Simulated.randomWalk(n, 4.0, 1e-3, 33L),
                sessions, 1);
        assertEquals(Adf.test(finite), r.adf());
        assertEquals(Kpss.test(finite), r.kpss());
        assertEquals(Acf.lag1(finite), r.acf1());
        assertEquals(OuHalfLife.fitWithinSessions(warm, sessions, 1), r.halfLife());
    }

    @Test
    void randomWalkIsNotMeanReverting() {
        int n = 78 * 60;
        double[] logClose = Simulated.randomWalk(n, Math.log(50), 1e-3, 34L);
        int[] sessions = Simulated.sessions(n, SESSION);
        SeriesDiagnostics.Result r = SeriesDiagnostics.compute(logClose, logClose, sessions, 5);
        assertTrue(r.adf().pValue() > 0.05, "adf p " + r.adf().pValue());
        assertFalse(r.meanReverting());
    }

    @Test
    void tooFewFiniteValuesLeaveTheTestsOut() {
        double[] z = new double[30];
        Arrays.fill(z, Double.NaN);
        z[3] = 1.0;
        z[4] = -1.0;
        double[] logClose = Simulated.randomWalk(30, 4.0, 1e-3, 35L);
        SeriesDiagnostics.Result r = SeriesDiagnostics.compute(z, logClose, new int[30], 1);
        assertNull(r.adf());
        assertNull(r.kpss());
        assertFalse(r.meanReverting());
        assertEquals(2, r.finiteZ());
        assertThrows(IllegalArgumentException.class,
                () -> SeriesDiagnostics.compute(z, new double[29], new int[30], 1));
    }

    /** NaN on the first WARM_UP bars of every session, as a rolling z-score with session reset produces. */
    private static double[] withWarmUp(double[] z, int[] sessions) {
        double[] out = z.clone();
        int sinceOpen = 0;
        for (int i = 0; i < out.length; i++) {
            sinceOpen = i > 0 && sessions[i] == sessions[i - 1] ? sinceOpen + 1 : 0;
            if (sinceOpen < WARM_UP) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }
}
