package io.revertiq.engine.diagnostics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NormalTest {
    /** Pairs (x, erfc(x)) from CPython's math.erfc. */
    private static final double[][] ERFC = {
            {-3.0, 1.9999779095030015}, {-0.3, 1.3286267594591274}, {0.0, 1.0}, {0.2, 0.7772974107895215},
            {0.46875, 0.507386526782062}, {0.5, 0.4795001221869535}, {1.0, 0.15729920705028513},
            {2.5, 0.0004069520174449589}, {3.9, 3.479224859723177e-08}, {4.0, 1.541725790028002e-08},
            {4.5, 1.9661604415428873e-10}, {6.0, 2.1519736712498916e-17}, {10.0, 2.088487583762545e-45},
            {20.0, 5.3958656116079005e-176}, {26.0, 5.663192408856143e-296}};

    @Test
    void erfcKeepsRelativePrecisionIntoTheFarTail() {
        for (double[] p : ERFC) {
            assertEquals(p[1], Normal.erfc(p[0]), 1e-14 * p[1], "erfc(" + p[0] + ")");
        }
    }

    @Test
    void cdfHitsTheUsualQuantiles() {
        assertEquals(0.5, Normal.cdf(0.0), 1e-16);
        assertEquals(0.975, Normal.cdf(1.959963984540054), 1e-15);
        assertEquals(0.025, Normal.cdf(-1.959963984540054), 1e-15);
        // Phi(-10) = 7.619853024160527e-24: relative, not absolute, accuracy matters for MacKinnon tails
        assertEquals(7.619853024160527e-24, Normal.cdf(-10.0), 1e-36);
    }

    @Test
    void twoSidedIsTwiceTheLowerTail() {
        assertEquals(0.05, Normal.twoSided(-1.959963984540054), 1e-15);
        assertEquals(0.05, Normal.twoSided(1.959963984540054), 1e-15);
        assertEquals(2 * 7.619853024160527e-24, Normal.twoSided(10.0), 1e-36);
    }
}
