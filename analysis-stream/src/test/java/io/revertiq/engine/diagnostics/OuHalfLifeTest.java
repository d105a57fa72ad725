package io.revertiq.engine.diagnostics;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OuHalfLifeTest {
    @Test
    void recoversTheHalfLifeOfAKnownAr1() {
        double phi = 0.95;
        double expectedBars = Math.log(2) / -Math.log(phi);
        double[] z = Simulated.ar1(200_000, phi, 17L);
        OuHalfLife.Result r = OuHalfLife.fitWithinSessions(z, new int[z.length], 5);
        assertEquals(expectedBars, r.halfLifeBars(), 0.03 * expectedBars);
        assertEquals(5 * r.halfLifeBars(), r.halfLifeMinutes(), 1e-12);
        assertEquals(phi - 1, r.slope(), 0.005);
        assertEquals(z.length - 1, r.pairs());
    }

    @Test
    void sessionBoundariesAndWarmUpAreSkipped() {
        int session = 100;
        double[] z = Simulated.ar1(10_000, 0.8, 18L);
        int[] sessions = Simulated.sessions(z.length, session);
        for (int i = 0; i < z.length; i++) {
            if (sessions[i] % 2 == 0 && i % session < 5) {
                z[i] = Double.NaN;
            } else if (sessions[i] % 2 == 1) {
                // odd sessions open with a jump that would look like a huge move if boundary pairs counted
                z[i] += 40.0;
            }
        }
        Ar1Accumulator expected = new Ar1Accumulator();
        for (int i = 1; i < z.length; i++) {
            if (sessions[i] == sessions[i - 1] && Double.isFinite(z[i - 1]) && Double.isFinite(z[i])) {
                expected.add(z[i - 1], z[i]);
            }
        }
        OuHalfLife.Result r = OuHalfLife.fitWithinSessions(z, sessions, 1);
        assertEquals(10_000 - 100 - 50 * 5, r.pairs());
        assertEquals(expected.pairs(), r.pairs());
        assertEquals(expected.slope(), r.slope(), 1e-15);
        assertEquals(expected.halfLifeBars(), r.halfLifeBars(), 1e-12);
        double pooled = OuHalfLife.fitWithinSessions(z, new int[z.length], 1).slope();
        assertTrue(Math.abs(pooled - r.slope()) > 0.01, "pooled " + pooled + " vs sessions " + r.slope());
    }

    @Test
    void explicitPairsMatchTheSessionSelection() {
        double[] z = Simulated.ar1(5_000, 0.7, 19L);
        int[] sessions = Simulated.sessions(z.length, 78);
        int[] starts = IntStream.range(0, z.length - 1).filter(i -> sessions[i] == sessions[i + 1]).toArray();
        OuHalfLife.Result bySession = OuHalfLife.fitWithinSessions(z, sessions, 15);
        OuHalfLife.Result byPairs = OuHalfLife.fitPairs(z, starts, 15);
        assertEquals(bySession, byPairs);
        assertTrue(byPairs.halfLifeMinutes() > 0);
    }

    @Test
    void randomWalkWithDriftHasNoHalfLife() {
        double[] z = new double[1000];
        for (int i = 1; i < z.length; i++) {
            z[i] = z[i - 1] * 1.01 + 0.1;
        }
        OuHalfLife.Result r = OuHalfLife.fitWithinSessions(z, new int[z.length], 1);
        assertTrue(r.slope() >= 0);
        assertTrue(Double.isNaN(r.halfLifeBars()));
        assertTrue(Double.isNaN(r.halfLifeMinutes()));
    }
}
