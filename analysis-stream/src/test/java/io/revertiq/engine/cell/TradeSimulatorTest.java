package io.revertiq.engine.cell;

import io.revertiq.engine.request.AnalysisParams.Side;
import org.junit.jupiter.api.Test;

import static io.revertiq.engine.TestBars.minutes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TradeSimulatorTest {
    private static final double NaN = Double.NaN;
    // 5-minute bars 09:55 .. 10:30, bin 10:00-10:15: index 0 is the bar before the bin, 1..3 are in it
    private static final int[] M = minutes(595, 5, 8);
    private static final double[] P = {100, 100, 101, 102, 103, 104, 105, 106};

    private static CellSlice slice(double[] z, boolean sessionEnds) {
        return new Slices(600, 615, 5, 1).day(0, M, P, z, sessionEnds).build();
    }

    private static Trades run(CellSlice s, Side side, double e, double x, int hold, double cost) {
        Trades t = new Trades(4);
        TradeSimulator.simulate(s, side, e, x, hold, cost, t);
        return t;
    }

    @Test
    void meanExit() {
        // entry at 600 (z -2.5 <= -2) close 100; 605 z -1 < 0 stays; 610 z 0.1 >= 0 -> exit at close 102
        Trades t = run(slice(new double[] {-3, -2.5, -1, 0.1, 0, 0, 0, 0}, true), Side.LONG_ONLY, -2, 0, 60, 0);
        assertEquals(1, t.size());
        assertEquals(ExitReason.MEAN, t.reason(0));
        assertEquals(10, t.holdMin(0));
        assertEquals(1e4 * (102 - 100) / 100.0, t.grossBp(0), 1e-12);
        assertEquals(0, t.entryDay(0));
    }

    @Test
    void timeExit() {
        Trades t = run(slice(new double[] {0, -2.5, -2, -2, -2, -2, -2, -2}, true), Side.LONG_ONLY, -2, 0, 10, 0);
        // entry at 600; 610 is 10 minutes later -> time; 610's z -2 is in the bin but it is the exit bar: no entry there
        assertEquals(1, t.size());
        assertEquals(ExitReason.TIME, t.reason(0));
        assertEquals(10, t.holdMin(0));
        assertEquals(200, t.grossBp(0), 1e-12);
    }

    @Test
    void nextEntryOnlyAfterTheExitBar() {
        // hold 5: entry 600 exits 605 (time); 605 also has z <= e but is the exit bar; 610 re-enters
        Trades t = run(slice(new double[] {0, -2.5, -2.5, -2.5, -2.5, -2.5, -2.5, -2.5}, true), Side.LONG_ONLY,
                -2, 0, 5, 0);
        assertEquals(2, t.size());
        assertEquals(ExitReason.TIME, t.reason(1));
        assertEquals(1e4 * (103 - 102) / 102.0, t.grossBp(1), 1e-12);
    }

    @Test
    void sessionEndExitAndNoOvernightHold() {
        // the session ends at 10:30 (index 7); hold cap 120 min is never reached
        Trades t = run(slice(new double[] {0, -2.5, -2, -2, -2, -2, -2, -2}, true), Side.LONG_ONLY, -2, 0, 120, 0);
        assertEquals(ExitReason.SESSION_END, t.reason(0));
        assertEquals(30, t.holdMin(0));
        assertEquals(600, t.grossBp(0), 1e-12);
    }

    @Test
    void precedenceMeanThenTimeThenSessionEnd() {
        // at 610: mean and time both apply -> mean
        Trades a = run(slice(new double[] {0, -2.5, -2, 0.5, 0, 0, 0, 0}, true), Side.LONG_ONLY, -2, 0, 10, 0);
        assertEquals(ExitReason.MEAN, a.reason(0));
        // at the session's last bar (630): time and session end both apply -> time
        Trades b = run(slice(new double[] {0, -2.5, -2, -2, -2, -2, -2, -2}, true), Side.LONG_ONLY, -2, 0, 30, 0);
        assertEquals(ExitReason.TIME, b.reason(0));
        // mean and session end -> mean
        Trades c = run(slice(new double[] {0, -2.5, -2, -2, -2, -2, -2, 1}, true), Side.LONG_ONLY, -2, 0, 120, 0);
        assertEquals(ExitReason.MEAN, c.reason(0));
    }

    @Test
    void nanNeverEntersNorExitsOnMean() {
        Trades t = run(slice(new double[] {0, NaN, -2.5, NaN, NaN, 0.5, 0, 0}, true), Side.LONG_ONLY, -2, 0, 120, 0);
        assertEquals(1, t.size());
        assertEquals(15, t.holdMin(0)); // entry 605, NaNs at 610/615, mean exit 620
        assertEquals(ExitReason.MEAN, t.reason(0));
    }

    @Test
    void noEntryAfterTheBinNorAtTheSessionsLastBar() {
        assertEquals(0, run(slice(new double[] {-3, 0, 0, 0, -3, -3, -3, -3}, true), Side.LONG_ONLY, -2, 0, 60, 0)
                .size());
        // a session that ends inside the bin at 610: no entry there
        CellSlice s = new Slices(600, 615, 5, 1).day(0, minutes(590, 5, 5), new double[] {1, 1, 1, 1, 1},
                new double[] {0, 0, 0, -3, 0}, false).build();
        CellSlice ended = new Slices(600, 615, 5, 1).day(0, minutes(590, 5, 4), new double[] {1, 1, 1, 1},
                new double[] {0, 0, 0, -3}, true).build();
        assertEquals(1, run(s, Side.LONG_ONLY, -2, 0, 60, 0).size());
        assertEquals(0, run(ended, Side.LONG_ONLY, -2, 0, 60, 0).size());
    }

    @Test
    void shortMirrorsLong() {
        // short entry z >= 2 at 600 (close 100), exit when z <= -x = 0 at 610 (close 102): loses 200 bp gross
        Trades t = run(slice(new double[] {0, 2.5, 1, -0.1, 0, 0, 0, 0}, true), Side.SHORT_ONLY, -2, 0, 60, 1.5);
        assertEquals(1, t.size());
        assertEquals(ExitReason.MEAN, t.reason(0));
        assertEquals(-200, t.grossBp(0), 1e-12);
        assertEquals(-201.5, t.netBp(0), 1e-12);
        // a long-only run ignores the short signal; exit x = -0.5 for a short is z <= 0.5
        assertEquals(0, run(slice(new double[] {0, 2.5, 1, -0.1, 0, 0, 0, 0}, true), Side.LONG_ONLY, -2, 0, 60, 0)
                .size());
        Trades early = run(slice(new double[] {0, 2.5, 0.4, 0, 0, 0, 0, 0}, true), Side.SHORT_ONLY, -2, -0.5, 60, 0);
        assertEquals(5, early.holdMin(0));
    }

    @Test
    void bothSidesTakeEitherSignal() {
        // long at 600 exits 605 (mean); short at 610 (z 2.5) exits 615 (z <= 0)
        Trades t = run(slice(new double[] {0, -2.5, 0, 2.5, 0, 0, 0, 0}, true), Side.BOTH, -2, 0, 60, 0);
        assertEquals(2, t.size());
        assertEquals(1e4 * (101 - 100) / 100.0, t.grossBp(0), 1e-12);
        assertEquals(1e4 * (102 - 103) / 102.0, t.grossBp(1), 1e-12);
    }

    @Test
    void costsAreSubtractedPerRoundTrip() {
        Trades t = run(slice(new double[] {-3, -2.5, -1, 0.1, 0, 0, 0, 0}, true), Side.LONG_ONLY, -2, 0, 60, 1.5);
        assertEquals(200, t.grossBp(0), 1e-12);
        assertEquals(1.5, t.costBp(0), 0);
        assertEquals(198.5, t.netBp(0), 1e-12);
    }

    @Test
    void sliceCutBeforeTheHoldCapIsRejected() {
        CellSlice cut = new Slices(600, 615, 5, 1).day(0, minutes(590, 5, 5), new double[] {1, 1, 1, 1, 1},
                new double[] {0, -3, -3, -3, -3}, false).build();
        assertThrows(IllegalArgumentException.class, () -> run(cut, Side.LONG_ONLY, -2, 0, 60, 0));
    }
}
