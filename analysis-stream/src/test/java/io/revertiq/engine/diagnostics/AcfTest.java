package io.revertiq.engine.diagnostics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcfTest {
    @Test
    void handComputedValue() {
        // mean 2.5, deviations -1.5 -0.5 0.5 1.5: cross 0.75 - 0.25 + 0.75 = 1.25 over 5
        assertEquals(0.25, Acf.lag1(new double[]{1, 2, 3, 4}), 1e-15);
    }

    @Test
    void nonFiniteValuesAreDroppedBeforePairing() {
        double nan = Double.NaN;
        assertEquals(0.25, Acf.lag1(new double[]{nan, 1, nan, 2, 3, nan, nan, 4, nan}), 1e-15);
    }

    @Test
    void ar1RecoversPhi() {
        assertEquals(0.9, Acf.lag1(Simulated.ar1(20_000, 0.9, 23L)), 0.02);
        assertEquals(-0.5, Acf.lag1(Simulated.ar1(20_000, -0.5, 24L)), 0.02);
    }

    @Test
    void undefinedWithoutTwoDistinctValues() {
        assertTrue(Double.isNaN(Acf.lag1(new double[]{Double.NaN, 1.0})));
        assertTrue(Double.isNaN(Acf.lag1(new double[]{2.0, 2.0, 2.0})));
    }
}
