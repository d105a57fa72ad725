package io.revertiq.engine.diagnostics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HurstTest {
    private static final int SESSION = 390;

    @Test
    void randomWalkScalesWithOneHalf() {
        double[] x = Simulated.randomWalk(20_000, Math.log(100), 1e-3, 42L);
        Hurst.Result r = Hurst.estimate(x, Simulated.sessions(x.length, SESSION));
        assertEquals(0.5, r.exponent(), 0.05);
        assertEquals(Hurst.MAX_TAU - Hurst.MIN_TAU + 1, r.horizons());
    }

    @Test
    void meanRevertingSeriesScalesBelowOneHalf() {
        double[] ar = Simulated.ar1(20_000, 0.9, 43L);
        double[] x = new double[ar.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.log(100) + 1e-3 * ar[i];
        }
        double h = Hurst.estimate(x, Simulated.sessions(x.length, SESSION)).exponent();
        assertTrue(h < 0.4, "H = " + h);
    }

    @Test
    void overnightGapsDoNotEnter() {
        double[] ar = Simulated.ar1(20_000, 0.9, 44L);
        double[] gaps = Simulated.randomWalk(20_000 / SESSION + 1, 0.0, 0.02, 45L);
        int[] sessions = Simulated.sessions(ar.length, SESSION);
        double[] x = new double[ar.length];
        double[] gapped = new double[ar.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.log(100) + 1e-3 * ar[i];
            gapped[i] = x[i] + gaps[sessions[i]];
        }
        double plain = Hurst.estimate(x, sessions).exponent();
        assertEquals(plain, Hurst.estimate(gapped, sessions).exponent(), 1e-9);
        // pooling the sessions lets the diffusing overnight gaps in and makes the series look like a random walk
        double pooled = Hurst.estimate(gapped, new int[x.length]).exponent();
        assertTrue(pooled > plain + 0.1, "pooled " + pooled + " vs sessions " + plain);
    }

    @Test
    void horizonsWithoutPairsAreSkipped() {
        double[] x = Simulated.randomWalk(2_000, 0.0, 1.0, 45L);
        // sessions of 50 bars: tau = 49 is the last horizon with at least two pairs
        Hurst.Result r = Hurst.estimate(x, Simulated.sessions(x.length, 50));
        assertEquals(48, r.horizons());
        Hurst.Result none = Hurst.estimate(x, Simulated.sessions(x.length, 2));
        assertEquals(0, none.horizons());
        assertTrue(Double.isNaN(none.exponent()));
    }
}
