package io.revertiq.engine.diagnostics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KpssTest {
    @Test
    void tablePointsAndMidpointsInterpolateLinearly() {
        assertEquals(0.10, Kpss.interpolate(0.347), 1e-15);
        assertEquals(0.05, Kpss.interpolate(0.463), 1e-15);
        assertEquals(0.025, Kpss.interpolate(0.574), 1e-15);
        assertEquals(0.01, Kpss.interpolate(0.739), 1e-15);
        assertEquals(0.075, Kpss.interpolate((0.347 + 0.463) / 2), 1e-12);
        assertEquals(0.0175, Kpss.interpolate((0.574 + 0.739) / 2), 1e-12);
    }

    @Test
    void randomWalkRejectsWithAClippedPValue() {
        Kpss.Result r = Kpss.test(Simulated.randomWalk(3000, 0.0, 1.0, 7L));
        assertTrue(r.statistic() > 0.739, "eta = " + r.statistic());
        assertEquals(0.01, r.pValue());
        assertTrue(r.pClipped());
    }

    @Test
    void whiteNoiseDoesNotRejectAndIsClippedAtTheTop() {
        Kpss.Result r = Kpss.test(Simulated.ar1(3000, 0.0, 11L));
        assertTrue(r.statistic() < 0.347, "eta = " + r.statistic());
        assertEquals(0.10, r.pValue());
        assertTrue(r.pClipped());
    }

    @Test
    void interiorStatisticIsNotFlaggedAsClipped() {
        // shared reference: AR(1) phi 0.9 has eta 0.72, inside the table
        Kpss.Result r = Kpss.test(ReferenceData.series("ar1_0.9_n2000"));
        assertFalse(r.pClipped());
        assertTrue(r.pValue() > 0.01 && r.pValue() < 0.025);
    }

    @Test
    void constantSeriesIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Kpss.test(new double[]{3, 3, 3, 3, 3}));
    }
}
