package io.revertiq.engine.diagnostics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MacKinnonTest {
    @Test
    void asymptoticCriticalValuesOfTheConstantCaseMapToTheirLevels() {
        assertEquals(0.01, MacKinnon.pValueConstant(-3.43), 0.005);
        assertEquals(0.05, MacKinnon.pValueConstant(-2.86), 0.005);
        assertEquals(0.10, MacKinnon.pValueConstant(-2.57), 0.005);
    }

    @Test
    void outsideTheApproximationRangeTheBoundsAreReturned() {
        assertEquals(1.0, MacKinnon.pValueConstant(MacKinnon.TAU_MAX + 0.01));
        assertEquals(0.0, MacKinnon.pValueConstant(MacKinnon.TAU_MIN - 0.01));
        assertTrue(MacKinnon.pValueConstant(MacKinnon.TAU_MIN + 0.01) > 0.0);
    }

    @Test
    void theTwoPolynomialsNearlyAgreeAtTheSwitchPoint() {
        double below = MacKinnon.pValueConstant(MacKinnon.TAU_STAR);
        double above = MacKinnon.pValueConstant(Math.nextUp(MacKinnon.TAU_STAR));
        assertEquals(below, above, 2e-3);
        assertTrue(below > 0.4 && below < 0.5, "p at tau* = " + below);
    }

    @Test
    void pValueIncreasesWithTheStatistic() {
        double previous = -1.0;
        for (double tau = -18.0; tau <= 2.7; tau += 0.05) {
            double p = MacKinnon.pValueConstant(tau);
            assertTrue(p >= previous - 2e-3, "not monotone at " + tau);
            previous = p;
        }
    }
}
