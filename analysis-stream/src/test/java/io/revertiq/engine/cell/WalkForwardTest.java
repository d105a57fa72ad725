package io.revertiq.engine.cell;

import io.revertiq.engine.request.AnalysisParams.Grid;
import io.revertiq.engine.request.AnalysisParams.Side;
import io.revertiq.engine.request.AnalysisParams.WalkForwardSpec;
import io.revertiq.engine.request.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static io.revertiq.engine.TestBars.minutes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WalkForwardTest {
    // entry -2 x exit {-0.5, 0.25} x hold {30, 60}: exit -0.5 closes one bar after entry, 0.25 two bars after
    private static final Grid GRID = new Grid(new double[] {-2}, new double[] {-0.5, 0.25}, new int[] {30, 60},
            Side.LONG_ONLY);

    /** One trade a day on the listed days: entry at 100, then 100 + u, 100 + 2u (u exact binary fractions). */
    private static CellSlice slice(int nDays, double[] u, boolean[] tradeDay) {
        Slices s = new Slices(600, 602, 1, nDays);
        for (int d = 0; d < nDays; d++) {
            double ud = u[d % u.length];
            double entryZ = tradeDay == null || tradeDay[d] ? -3 : 0;
            s.day(d, minutes(599, 1, 5), new double[] {100, 100, 100 + ud, 100 + 2 * ud, 100 + 2 * ud},
                    new double[] {0, entryZ, -0.25, 0.5, 0}, true);
        }
        return s.build();
    }

    @Test
    void equalSharpeIsBrokenByHigherMeanThenGridOrder() {
        // gross of exit 0.25 is exactly twice that of exit -0.5: identical Sharpe, twice the mean; holds tie fully
        double[] u = {0.25, -0.125, 0.5, 0.375};
        Trades oos = new Trades(1);
        List<FoldChoice> folds = new WalkForward().run(slice(40, u, null), GRID, 0, new WalkForwardSpec(20, 10, 10), oos);
        assertEquals(2, folds.size());
        for (FoldChoice f : folds) {
            assertEquals(-2.0, f.entryBand());
            assertEquals(0.25, f.exitBand());
            assertEquals(30, f.holdCapMin());
            assertEquals(10, f.testTrades());
            // per-trade net 50, -25, 100, 75 repeated: mean 50, sum of squared deviations 5 x 8750
            assertEquals(50 / Math.sqrt(43750.0 / 19), f.inSampleSharpe(), 1e-12);
        }
        assertEquals(20, oos.size());
        for (int i = 0; i < oos.size(); i++) {
            assertEquals(20 + i, oos.entryDay(i));
            assertEquals(200 * u[(20 + i) % 4], oos.grossBp(i), 1e-12);
        }

        double[] losing = {-0.25, 0.125, -0.5, -0.375};
        List<FoldChoice> neg = new WalkForward().run(slice(40, losing, null), GRID, 0, new WalkForwardSpec(20, 10, 10),
                oos);
        assertEquals(-0.5, neg.get(0).exitBand()); // the smaller loss per trade
        assertEquals(30, neg.get(0).holdCapMin());
    }

    @Test
    void setsNeedTenTrainTrades() {
        boolean[] trade = new boolean[30];
        for (int d = 0; d < 30; d++) {
            trade[d] = d < 9 || d >= 20;
        }
        Trades oos = new Trades(1);
        List<FoldChoice> folds = new WalkForward().run(slice(30, new double[] {0.25, -0.125}, trade), GRID, 0,
                new WalkForwardSpec(20, 10, 10), oos);
        assertEquals(1, folds.size());
        assertFalse(folds.get(0).chose());
        assertNull(folds.get(0).inSampleSharpe());
        assertEquals(0, oos.size());

        trade[9] = true; // the tenth train trade makes the fold choose
        List<FoldChoice> ok = new WalkForward().run(slice(30, new double[] {0.25, -0.125}, trade), GRID, 0,
                new WalkForwardSpec(20, 10, 10), oos);
        assertTrue(ok.get(0).chose());
        assertEquals(10, oos.size());
    }

    @Test
    void foldsSplitsAndClipping() {
        CellSlice empty = slice(100, new double[] {0.25}, new boolean[100]);
        Trades oos = new Trades(1);
        List<FoldChoice> folds = new WalkForward().run(empty, GRID, 0, new WalkForwardSpec(50, 20, 20), oos);
        assertEquals(3, folds.size());
        assertEquals(3, WalkForward.foldCount(100, new WalkForwardSpec(50, 20, 20)));
        FoldChoice last = folds.get(2);
        assertEquals(40, last.trainFrom());
        assertEquals(90, last.testFrom());
        assertEquals(100, last.testTo()); // clipped at N
        assertEquals(LocalDate.ofEpochDay(19000 + 90), last.testStart());
        assertEquals(LocalDate.ofEpochDay(19000 + 99), last.testEnd());
        assertEquals(LocalDate.ofEpochDay(19000 + 89), last.trainEnd());
        for (FoldChoice f : folds) {
            assertEquals(f.fold() * 20, f.trainFrom());
            assertEquals(f.trainFrom() + 50, f.trainTo());
            assertTrue(f.testFrom() >= f.trainTo(), "a test day lies inside its own train slice");
        }
        // step > test: days between test slices are skipped, never tested twice
        List<FoldChoice> gaps = new WalkForward().run(empty, GRID, 0, new WalkForwardSpec(50, 20, 25), oos);
        assertEquals(2, gaps.size());
        assertEquals(List.of(50, 70, 75, 95), List.of(gaps.get(0).testFrom(), gaps.get(0).testTo(),
                gaps.get(1).testFrom(), gaps.get(1).testTo()));
        assertEquals(0, WalkForward.foldCount(50, new WalkForwardSpec(50, 20, 20)));
        assertEquals(1, WalkForward.foldCount(51, new WalkForwardSpec(50, 20, 20)));
    }

    @Test
    void stepShorterThanTestIsRejected() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> WalkForward.foldCount(100, new WalkForwardSpec(50, 20, 15)));
        assertEquals("walk_forward.step_days", e.field());
        assertEquals("INVALID_ARGUMENT", e.code());
    }
}
