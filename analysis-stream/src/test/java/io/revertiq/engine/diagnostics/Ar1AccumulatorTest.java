package io.revertiq.engine.diagnostics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ar1AccumulatorTest {
    @Test
    void handComputedRegression() {
        // prev = 1, 2, 0 and diff = -0.5, -0.8, 0.1: Sxx = 2, Sxy = -0.9, so b = -0.45 and a = -0.4 + 0.45 = 0.05
        Ar1Accumulator fit = new Ar1Accumulator();
        fit.add(1.0, 0.5);
        fit.add(2.0, 1.2);
        fit.add(0.0, 0.1);
        assertEquals(3, fit.pairs());
        assertEquals(-0.45, fit.slope(), 1e-15);
        assertEquals(0.05, fit.intercept(), 1e-15);
        assertEquals(-Math.log(0.55), fit.theta(), 1e-15);
        assertEquals(Math.log(2) / -Math.log(0.55), fit.halfLifeBars(), 1e-14);
    }

    @Test
    void levelFarFromZeroDoesNotCostPrecision() {
        Ar1Accumulator fit = new Ar1Accumulator();
        double offset = 1e6;
        fit.add(offset + 1.0, offset + 0.5);
        fit.add(offset + 2.0, offset + 1.2);
        fit.add(offset + 0.0, offset + 0.1);
        assertEquals(-0.45, fit.slope(), 1e-9);
    }

    @Test
    void fewerThanThreePairsOrNoDecayGiveNaN() {
        Ar1Accumulator fit = new Ar1Accumulator();
        fit.add(1.0, 0.5);
        fit.add(2.0, 1.2);
        assertTrue(Double.isNaN(fit.slope()));
        assertTrue(Double.isNaN(fit.halfLifeBars()));

        fit.reset();
        assertEquals(0, fit.pairs());
        double z = 1.0;
        for (int i = 0; i < 10; i++) {
            fit.add(z, z * 1.05);
            z *= 1.05;
        }
        assertEquals(0.05, fit.slope(), 1e-12);
        assertTrue(Double.isNaN(fit.halfLifeBars()));
    }

    @Test
    void nonFinitePairsAreIgnored() {
        Ar1Accumulator fit = new Ar1Accumulator();
        fit.add(Double.NaN, 1.0);
        fit.add(1.0, Double.NaN);
        fit.add(1.0, Double.POSITIVE_INFINITY);
        assertEquals(0, fit.pairs());
    }
}
