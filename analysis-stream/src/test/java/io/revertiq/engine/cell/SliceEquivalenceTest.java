package io.revertiq.engine.cell;

import io.revertiq.engine.TestBars;
import io.revertiq.engine.TestBars.Day;
import io.revertiq.engine.bars.BarSeries;
import io.revertiq.engine.request.AnalysisParams.Detrend;
import io.revertiq.engine.request.AnalysisParams.Side;
import io.revertiq.engine.request.AnalysisParams.Signal;
import io.revertiq.engine.request.AnalysisParams.Volatility;
import io.revertiq.engine.signal.ZScore;
import io.revertiq.engine.windows.Bin;
import io.revertiq.engine.windows.WindowSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cell's compact slice yields exactly the trades of the same cell over whole sessions. */
class SliceEquivalenceTest {
    private static final double[] ENTRY = {-2, -1.5, -1};
    private static final double[] EXIT = {-0.5, 0};
    private static final int[] HOLD = {10, 30, 60};

    @Test
    void sliceTradesEqualWholeSeriesTrades() {
        List<Day> days = new ArrayList<>(TestBars.randomWalkDays(11, 30, 570, 78, 5, 0.0006));
        // a data gap inside a bin, and an early close (13:00) that cuts bins and hold caps short
        Day gap = days.get(3);
        int[] keep = java.util.stream.IntStream.range(0, 78).filter(i -> i < 6 || i > 9).toArray();
        days.set(3, new Day(gap.date(), pick(gap.minutes(), keep), pick(gap.closes(), keep),
                pick(gap.volumes(), keep), null, null, null));
        Day early = days.get(7);
        int[] half = java.util.stream.IntStream.range(0, 42).toArray();
        days.set(7, new Day(early.date(), pick(early.minutes(), half), pick(early.closes(), half),
                pick(early.volumes(), half), null, null, null));
        BarSeries bars = TestBars.of(5, days);
        double[] z = ZScore.compute(bars, new Signal(Detrend.SMA, 10, Volatility.STD, 10, false));
        CellSlicer slicer = new CellSlicer(bars, z);
        List<Bin> bins = new ArrayList<>(WindowSpec.parse("09:30-16:00/30m"));
        bins.addAll(WindowSpec.parse("09:35-16:00/60m/25m"));
        int compared = 0;
        for (int dow = 1; dow <= 5; dow++) {
            for (Bin bin : bins) {
                CellSlice compact = slicer.slice(dow, bin, 60);
                CellSlice whole = wholeSessions(bars, z, dow, bin);
                assertTrue(compact.size() < whole.size());
                for (Side side : Side.values()) {
                    for (double e : ENTRY) {
                        for (double x : EXIT) {
                            for (int h : HOLD) {
                                Trades a = new Trades(1);
                                Trades b = new Trades(1);
                                TradeSimulator.simulate(compact, side, e, x, h, 1.5, a);
                                TradeSimulator.simulate(whole, side, e, x, h, 1.5, b);
                                assertSame(a, b, dow + " " + bin.label() + " " + side + " " + e + "/" + x + "/" + h);
                                compared += a.size();
                            }
                        }
                    }
                }
            }
        }
        assertTrue(compared > 1000, "the comparison exercised only " + compared + " trades");
    }

    private static void assertSame(Trades a, Trades b, String what) {
        assertEquals(b.size(), a.size(), what);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(b.entryDay(i), a.entryDay(i), what);
            assertEquals(b.holdMin(i), a.holdMin(i), what);
            assertEquals(b.reason(i), a.reason(i), what);
            assertEquals(b.grossBp(i), a.grossBp(i), 0, what);
            assertEquals(b.netBp(i), a.netBp(i), 0, what);
        }
    }

    /** Every bar of every session of that weekday: the reference the compact slice must reproduce. */
    private static CellSlice wholeSessions(BarSeries s, double[] z, int dow, Bin bin) {
        int[] idx = java.util.stream.IntStream.range(0, s.size()).filter(i -> s.dow[i] == dow).toArray();
        int n = idx.length;
        int[] day = new int[n];
        int[] minute = new int[n];
        double[] close = new double[n];
        double[] zs = new double[n];
        byte[] last = new byte[n];
        double[] vol = new double[n];
        for (int k = 0; k < n; k++) {
            int i = idx[k];
            day[k] = s.day[i];
            minute[k] = s.minuteOfDay[i];
            close[k] = s.close[i];
            zs[k] = z[i];
            last[k] = (byte) (s.isSessionLast(i) ? 1 : 0);
            vol[k] = s.volume[i];
        }
        int[] epoch = Arrays.stream(s.days).mapToInt(d -> (int) d.toEpochDay()).toArray();
        return new CellSlice(dow, bin.start(), bin.end(), s.barMinutes, epoch, day, minute, close, zs, last, vol);
    }

    private static int[] pick(int[] a, int[] keep) {
        return Arrays.stream(keep).map(i -> a[i]).toArray();
    }

    private static double[] pick(double[] a, int[] keep) {
        return Arrays.stream(keep).mapToDouble(i -> a[i]).toArray();
    }
}
