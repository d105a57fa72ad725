package io.revertiq.engine.cell;

import io.revertiq.engine.TestBars;
import io.revertiq.engine.TestParams;
import io.revertiq.engine.bars.BarSeries;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.request.AnalysisParams.WalkForwardSpec;
import io.revertiq.engine.signal.ZScore;
import io.revertiq.engine.windows.Bin;
import org.junit.jupiter.api.Test;

import static io.revertiq.engine.TestBars.minutes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellEvaluatorTest {
    private static final BarSeries BARS = TestBars.randomWalk(5, 300, 570, 78, 5);

    private static CellSlice mondayMorning() {
        AnalysisParams p = params(30);
        double[] z = ZScore.compute(BARS, p.signal());
        return new CellSlicer(BARS, z).slice(1, new Bin(600, 660), 60);
    }

    private static AnalysisParams params(int minTrades) {
        AnalysisParams.Grid grid = new AnalysisParams.Grid(new double[] {-1.5, -1.0}, new double[] {-0.5, 0.0},
                new int[] {30, 60}, AnalysisParams.Side.LONG_ONLY);
        return TestParams.of("09:30-16:00/60m", grid, new WalkForwardSpec(100, 25, 25), minTrades, 2000, null);
    }

    @Test
    void evaluatesACellFromItsSliceAlone() {
        CellSlice slice = mondayMorning();
        CellResult r = new CellEvaluator().evaluate(slice, params(30), "sha256:x", slice.cellKey());
        assertEquals("MON|10:00-11:00", r.cellKey());
        assertTrue(r.nTrades() >= 30, "n = " + r.nTrades());
        assertEquals(CellResult.Status.OK, r.status());
        assertEquals(r.nTrades(), r.folds().stream().mapToInt(FoldChoice::testTrades).sum());
        assertEquals(r.folds().stream().filter(FoldChoice::chose).mapToInt(f -> f.testTo() - f.testFrom()).sum(),
                r.oosDays());
        FoldChoice last = r.folds().stream().filter(FoldChoice::chose).reduce((a, b) -> b).orElseThrow();
        assertEquals(last.entryBand(), r.entryBand());
        assertEquals(last.holdCapMin(), r.holdCapMin());
        assertEquals(r.nTrades(), r.tradeGrossBp().length);
        assertEquals(r.nTrades(), r.tradeDayIndex().length);
        for (int i = 0; i < r.nTrades(); i++) {
            assertEquals(1.5, r.tradeCostBp()[i], 1e-12);
            assertEquals(1, BARS.days[r.tradeDayIndex()[i]].getDayOfWeek().getValue());
        }
        double mean = java.util.Arrays.stream(r.tradeGrossBp()).average().orElseThrow() - 1.5;
        assertEquals(mean, r.oosRetPerTradeBp(), 1e-9);
        assertTrue(r.pValue() > 0 && r.pValue() <= 1);
        assertTrue(r.ci95Bp()[0] <= mean && mean <= r.ci95Bp()[1]);
        assertEquals(r.nTrades(), r.exitReasons().values().stream().mapToInt(Integer::intValue).sum());
        assertNotNull(r.meanAbsRetBp());
        assertTrue(r.stability().stream().allMatch(p -> p.period().matches("\\d{4}Q[1-4]")));

        CellResult again = new CellEvaluator().evaluate(slice, params(30), "sha256:x", slice.cellKey());
        assertEquals(r.pValue(), again.pValue());
        assertArrayEquals(r.ci95Bp(), again.ci95Bp());
    }

    @Test
    void insufficientCellsKeepTheirStatisticsButNoPValue() {
        CellSlice slice = mondayMorning();
        CellResult ok = new CellEvaluator().evaluate(slice, params(30), "sha256:x", slice.cellKey());
        CellResult r = new CellEvaluator().evaluate(slice, params(100_000), "sha256:x", slice.cellKey());
        assertEquals(CellResult.Status.INSUFFICIENT, r.status());
        assertEquals(ok.nTrades(), r.nTrades());
        assertEquals(ok.oosSharpe(), r.oosSharpe());
        assertNull(r.pValue());
        assertEquals(0, r.ci95Bp().length);
    }

    @Test
    void heatmapInputsUseThePreviousBarOfTheSession() {
        // in-bin bars 10:00 and 10:01; the 09:59 bar gives the first return: |+100 bp|, |-99.0099 bp|
        CellSlice s = new Slices(600, 602, 1, 1).day(0, minutes(599, 1, 4), new double[] {100, 101, 100, 100},
                new double[] {0, 0, 0, 0}, true).build();
        CellResult r = new CellEvaluator().evaluate(s, params(30), "h", s.cellKey());
        assertEquals((100 + 1e4 / 101) / 2, r.meanAbsRetBp(), 1e-9);
        assertEquals(250, r.meanVolume(), 0);
        assertEquals(0, r.nTrades());
        assertNull(r.halfLifeMin());
    }
}
