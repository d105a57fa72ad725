package io.revertiq.engine.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.engine.TestBars;
import io.revertiq.engine.bars.BarSeries;
import io.revertiq.engine.request.AnalysisParams.Detrend;
import io.revertiq.engine.request.AnalysisParams.Signal;
import io.revertiq.engine.request.AnalysisParams.Volatility;
import io.revertiq.engine.signal.ZScore;
import io.revertiq.engine.windows.Bin;
import io.revertiq.engine.windows.WindowSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slices a slicer keeps: the same cell is cut once, kept slices equal fresh ones, the rows stay bounded. */
class CellSlicerTest {
    // 40 weekdays of 5-minute bars from 09:30 (78 a day)
    private static final BarSeries BARS = TestBars.pureRandomWalk(7, 40, 570, 78, 5);
    private static final double[] Z = ZScore.compute(BARS, new Signal(Detrend.SMA, 10, Volatility.STD, 10, false));

    @Test
    void aCellIsCutOnceAndAnotherHoldCapIsAnotherCell() {
        CellSlicer slicer = new CellSlicer(BARS, Z);
        Bin bin = new Bin(600, 630);
        CellSlice first = slicer.slice(2, bin, 60);
        assertSame(first, slicer.slice(2, bin, 60));
        CellSlice longer = slicer.slice(2, bin, 120);
        assertNotSame(first, longer);
        assertTrue(longer.size() > first.size(), "a longer hold cap keeps more bars after the bin");
        assertEquals(first.size() + longer.size(), slicer.keptRows());
    }

    @Test
    void keptSlicesEqualFreshlyCutOnes() {
        CellSlicer slicer = new CellSlicer(BARS, Z);
        List<Bin> bins = WindowSpec.parse("09:30-16:00/30m");
        for (Bin bin : bins) {
            slicer.slice(3, bin, 60);
        }
        for (Bin bin : bins) {
            CellSlice kept = slicer.slice(3, bin, 60);
            CellSlice fresh = new CellSlicer(BARS, Z).slice(3, bin, 60);
            assertArrayEquals(fresh.dayIndex, kept.dayIndex, bin.label());
            assertArrayEquals(fresh.minuteOfDay, kept.minuteOfDay, bin.label());
            assertArrayEquals(fresh.close, kept.close, bin.label());
            assertArrayEquals(fresh.z, kept.z, bin.label());
            assertArrayEquals(fresh.sessionLast, kept.sessionLast, bin.label());
            assertArrayEquals(fresh.volume, kept.volume, bin.label());
        }
    }

    @Test
    void theKeptRowsStayWithinTheBoundLeastRecentlyUsedFirstOut() {
        CellSlicer slicer = new CellSlicer(BARS, Z);
        long bound = (long) CellSlicer.KEPT_ROWS_PER_BAR * BARS.size();
        Bin early = new Bin(570, 600);
        CellSlice firstCut = slicer.slice(1, early, 390);
        long cutRows = firstCut.size();
        // whole-day hold caps over overlapping 30-minute bins: far more rows than the bound
        for (Bin bin : WindowSpec.parse("09:30-16:00/30m/10m")) {
            for (int dow = 1; dow <= 5; dow++) {
                cutRows += slicer.slice(dow, bin, 390).size();
                assertTrue(slicer.keptRows() <= bound, slicer.keptRows() + " rows kept, bound " + bound);
            }
        }
        assertTrue(cutRows > 2 * bound, "the test cut " + cutRows + " rows");
        assertTrue(slicer.keptRows() > bound / 2, "the slicer still keeps recent slices");
        assertNotSame(firstCut, slicer.slice(1, early, 390), "the least recently used slice went first");
    }
}
