package io.revertiq.engine.signal;

import io.revertiq.engine.TestBars;
import io.revertiq.engine.TestBars.Day;
import io.revertiq.engine.bars.BarSeries;
import io.revertiq.engine.request.AnalysisParams.Detrend;
import io.revertiq.engine.request.AnalysisParams.Signal;
import io.revertiq.engine.request.AnalysisParams.Volatility;
import io.revertiq.engine.request.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZScoreTest {
    private static final double TOL = 1e-12;
    private static final LocalDate MON = LocalDate.of(2024, 3, 4);

    private static BarSeries oneDay(double... closes) {
        return TestBars.of(1, new Day(MON, TestBars.minutes(570, 1, closes.length), closes));
    }

    private static void assertNaN(double[] z, int... idx) {
        for (int i : idx) {
            assertTrue(Double.isNaN(z[i]), "z[" + i + "] should be undefined, was " + z[i]);
        }
    }

    @Test
    void smaStd() {
        // k = kz = 3: mu_5 = 11, deviations d_3..d_5 = -1/3, -1, 1 -> s^2 = 28/27; d_6 = 4/3 over {-1, 1, 4/3} -> s^2 = 43/27
        double[] z = ZScore.compute(oneDay(10, 11, 12, 11, 10, 12, 13), new Signal(Detrend.SMA, 3, Volatility.STD, 3, false));
        assertNaN(z, 0, 1, 2, 3, 4); // warm-up: the first k + kz - 1 = 5 bars
        assertEquals(1 / Math.sqrt(28.0 / 27), z[5], TOL);
        assertEquals((4.0 / 3) / Math.sqrt(43.0 / 27), z[6], TOL);
    }

    @Test
    void emaStd() {
        // a = 0.5, seed SMA(10,11,12) = 11 at bar 2; ema 11, 10.5, 11.25; d = 0, -0.5, 0.75 at bars 3..5
        double[] z = ZScore.compute(oneDay(10, 11, 12, 11, 10, 12), new Signal(Detrend.EMA, 3, Volatility.STD, 2, false));
        assertNaN(z, 0, 1, 2, 3);
        assertEquals(-Math.sqrt(2), z[4], TOL);
        assertEquals(0.75 / Math.sqrt(0.78125), z[5], TOL);
    }

    @Test
    void vwapWithTypicalPriceFallback() {
        // bar 2 has no VWAP: (h + l + c)/3 = (11.6 + 10.9 + 11)/3; d_2 = -1/15, d_3 = 19/18 -> z_3 = 95 sqrt2 / 101
        Day day = new Day(MON, TestBars.minutes(570, 1, 4), new double[] {10, 11.5, 11, 12.5},
                new double[] {100, 300, 200, 100}, new double[] {10, 11, Double.NaN, 12},
                new double[] {10, 11.5, 11.6, 12.5}, new double[] {10, 11.5, 10.9, 12.5});
        double[] z = ZScore.compute(TestBars.of(1, day), new Signal(Detrend.VWAP, 2, Volatility.STD, 2, false));
        assertNaN(z, 0, 1, 2);
        assertEquals(95 * Math.sqrt(2) / 101, z[3], 1e-12);
    }

    @Test
    void ewmVolatility() {
        // sma 2: d_1..d_4 = 1, -0.5, 1.5, -0.5; b = 0.5: v_2 = 0.5625, v_3 = 0.671875, v_4 = 0.80859375
        double[] z = ZScore.compute(oneDay(10, 12, 11, 14, 13), new Signal(Detrend.SMA, 2, Volatility.EWM, 3, false));
        assertNaN(z, 0, 1, 2, 3);
        assertEquals(-0.5 / Math.sqrt(0.80859375), z[4], TOL);
    }

    @Test
    void sessionResetRestartsStateAndWarmUp() {
        Day d1 = new Day(MON, TestBars.minutes(570, 1, 5), new double[] {10, 11, 13, 12, 14});
        Day d2 = new Day(MON.plusDays(1), TestBars.minutes(570, 1, 4), new double[] {20, 21, 23, 22});
        BarSeries bars = TestBars.of(1, d1, d2);
        double[] reset = ZScore.compute(bars, new Signal(Detrend.SMA, 2, Volatility.STD, 2, true));
        assertNaN(reset, 0, 1, 2, 5, 6, 7);
        assertEquals(-Math.sqrt(2) / 3, reset[3], TOL);
        assertEquals(2 * Math.sqrt(2) / 3, reset[4], TOL);
        assertEquals(-Math.sqrt(2) / 3, reset[8], TOL);

        double[] continuous = ZScore.compute(bars, new Signal(Detrend.SMA, 2, Volatility.STD, 2, false));
        // overnight: mu = (14 + 20)/2 = 17, d = 3 after d = 1 -> s = sqrt2
        assertEquals(3 / Math.sqrt(2), continuous[5], TOL);
        assertEquals(reset[4], continuous[4], TOL);
    }

    @Test
    void zeroVolatilityIsUndefined() {
        double[] z = ZScore.compute(oneDay(10, 10, 10, 10, 10, 10, 10.5),
                new Signal(Detrend.SMA, 2, Volatility.STD, 3, false));
        assertNaN(z, 0, 1, 2, 3, 4, 5);
        assertTrue(Double.isFinite(z[6]));
    }

    @Test
    void rollingSumsMatchDirectComputationOnALongSeries() {
        BarSeries bars = TestBars.randomWalk(7, 30, 570, 390, 1);
        int k = 20;
        int kz = 30;
        double[] z = ZScore.compute(bars, new Signal(Detrend.SMA, k, Volatility.STD, kz, false));
        double[] d = new double[bars.size()];
        for (int i = k - 1; i < bars.size(); i++) {
            double s = 0;
            for (int j = i - k + 1; j <= i; j++) {
                s += bars.close[j];
            }
            d[i] = bars.close[i] - s / k;
        }
        for (int i = k + kz - 1; i < bars.size(); i++) {
            double m = 0;
            for (int j = i - kz + 1; j <= i; j++) {
                m += d[j];
            }
            m /= kz;
            double ss = 0;
            for (int j = i - kz + 1; j <= i; j++) {
                ss += (d[j] - m) * (d[j] - m);
            }
            assertEquals(d[i] / Math.sqrt(ss / (kz - 1)), z[i], 1e-8, "bar " + i);
        }
    }

    @Test
    void rejectsLookbacksWithoutAVolatility() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> ZScore.compute(oneDay(1, 2, 3), new Signal(Detrend.SMA, 2, Volatility.STD, 1, false)));
        assertEquals("INVALID_ARGUMENT", e.code());
        assertEquals("signal.zscore.lookback", e.field());
    }
}
