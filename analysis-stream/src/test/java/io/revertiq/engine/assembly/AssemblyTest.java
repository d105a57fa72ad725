package io.revertiq.engine.assembly;

import io.revertiq.engine.TestParams;
import io.revertiq.engine.cell.CellResult;
import io.revertiq.engine.cell.CellSlice;
import io.revertiq.engine.cell.FoldChoice;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.request.AnalysisParams.WalkForwardSpec;
import io.revertiq.engine.request.InvalidArgumentException;
import io.revertiq.engine.windows.Bin;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssemblyTest {
    private static final String SPEC = "10:00-12:00/60m";

    private static AnalysisParams params(String rankBy) {
        return TestParams.of(SPEC, TestParams.standardGrid(), new WalkForwardSpec(100, 50, 50), 50, 100, rankBy);
    }

    /** A cell whose OOS trades are gross {g..} at cost 1.5 on days 100.. within one fold testing [100, 150). */
    private static CellResult cell(int dow, int binStart, Double p, Double sharpe, double... gross) {
        int n = gross.length;
        int[] days = new int[n];
        for (int i = 0; i < n; i++) {
            days[i] = 100 + i % 50;
        }
        Arrays.sort(days);
        double[] cost = new double[n];
        Arrays.fill(cost, 1.5);
        FoldChoice fold = new FoldChoice(0, 0, 100, 100 + dow, 150, null, null, null, null, -2.0, 0.0, 60, 1.0, n);
        boolean ok = p != null;
        Bin bin = new Bin(binStart, binStart + 60);
        return new CellResult(CellSlice.cellKey(dow, bin), dow, bin.start(), bin.end(),
                ok ? CellResult.Status.OK : CellResult.Status.INSUFFICIENT, n, 1.0, 0.5, sharpe, null, null, 2.5, p,
                ok ? new double[] {0, 2} : new double[0], -2.0, 0.0, 60, List.of(fold), List.of(), dow == 5,
                Map.of("mean", n), 50 - dow, gross, cost, days, 3.0 + dow, 1000.0 * dow);
    }

    private static double[] repeat(double v, int n) {
        double[] x = new double[n];
        Arrays.fill(x, v);
        x[0] = v + 1; // some dispersion
        return x;
    }

    private static List<CellResult> cells() {
        return List.of(
                cell(1, 600, 0.001, 2.0, repeat(4, 60)),
                cell(1, 660, 0.30, 3.0, repeat(1, 60)),
                cell(2, 600, 0.02, 1.0, repeat(3, 60)),
                cell(2, 660, null, 9.0, repeat(1, 10)),
                cell(3, 600, 0.04, 1.0, repeat(3, 60)),
                cell(5, 660, 0.90, -1.0, repeat(-2, 60)));
    }

    @Test
    void familyFdrAndRanking() {
        AssembledResult r = Assembly.assemble(cells(), params(null));
        // family p (canonical order) 0.001, 0.30, 0.02, 0.04, 0.90 -> BH 0.005, 0.375, 0.05, 0.05, 0.90
        List<String> keys = r.windowsRanked().stream().map(w -> w.cell().cellKey()).toList();
        // significant first (alpha 0.10), then Sharpe descending, ties by dow then bin start
        assertEquals(List.of("MON|10:00-11:00", "TUE|10:00-11:00", "WED|10:00-11:00", "MON|11:00-12:00",
                "FRI|11:00-12:00"), keys);
        assertEquals(0.005, r.windowsRanked().get(0).fdrAdjP(), 1e-15);
        assertEquals(0.05, r.windowsRanked().get(1).fdrAdjP(), 1e-15);
        assertEquals(0.375, r.windowsRanked().get(3).fdrAdjP(), 1e-15);
        assertTrue(r.windowsRanked().get(2).significant());
        assertFalse(r.windowsRanked().get(3).significant());
        assertEquals(List.of(1, 2, 3, 4, 5), r.windowsRanked().stream().map(AssembledResult.Window::rank).toList());

        AssembledResult.Window insufficient = r.cells().stream()
                .filter(w -> w.cell().cellKey().equals("TUE|11:00-12:00")).findFirst().orElseThrow();
        assertEquals(0, insufficient.rank());
        assertNull(insufficient.fdrAdjP());

        AssembledResult.GlobalStats g = r.globalStats();
        assertEquals(6, g.cellsEvaluated());
        assertEquals(5, g.cellsInFamily());
        assertEquals(1, g.cellsInsufficient());
        assertEquals(3, g.cellsSignificant());
        assertEquals(0.6, g.shareSignificant(), 1e-15);
        assertEquals(300, g.nTrades());
        // union of the test slices [100 + dow, 150) of the family: days 101..149
        assertEquals(49, g.oosDays());
        // pooled gross: each cell has 59 x v + (v + 1); mean of v over cells = (4 + 1 + 3 + 3 - 2)/5 = 1.8, + 1/60
        assertEquals(1.8 + 1 / 60.0, g.costBreakEvenBp(), 1e-12);
        assertEquals(1.8 + 1 / 60.0 - 1.5, g.meanRetPerTradeBp(), 1e-12);
        assertEquals(6, r.costSensitivity().size());
        assertEquals(1.8 + 1 / 60.0 - 3 * 1.5, r.costSensitivity().get(5).meanNetBp(), 1e-12);
        assertEquals(g.oosSharpe(), r.costSensitivity().get(2).oosSharpe());
        assertTrue(r.costSensitivity().get(0).oosSharpe() > r.costSensitivity().get(5).oosSharpe());

        assertEquals(List.of("10:00-11:00", "11:00-12:00"), r.resolvedBins());
        assertEquals(2.0, r.heatmaps().oosSharpe()[0][0]);
        assertEquals(9.0, r.heatmaps().oosSharpe()[1][1]); // insufficient cells still shown
        assertNull(r.heatmaps().oosSharpe()[3][0]);
        assertEquals(5000.0, r.heatmaps().meanVolume()[4][1]);
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("1 of 6 cells had fewer than 50")));
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("Drift") && n.contains("FRI 11:00-12:00")));
    }

    @Test
    void rankByAscendingMetricsAndUnknownMetric() {
        AssembledResult r = Assembly.assemble(cells(), params("p_value"));
        assertEquals(List.of("MON|10:00-11:00", "TUE|10:00-11:00", "WED|10:00-11:00", "MON|11:00-12:00",
                "FRI|11:00-12:00"), r.windowsRanked().stream().map(w -> w.cell().cellKey()).toList());
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> Assembly.assemble(cells(), params("alpha")));
        assertEquals("output.rank_by", e.field());
    }

    @Test
    void outputDoesNotDependOnArrivalOrder() {
        String expected = render(Assembly.assemble(cells(), params(null)));
        Random rng = new Random(1);
        for (int k = 0; k < 20; k++) {
            List<CellResult> shuffled = new ArrayList<>(cells());
            Collections.shuffle(shuffled, rng);
            assertEquals(expected, render(Assembly.assemble(shuffled, params(null))));
        }
    }

    @Test
    void noFamilyAndNoSignificance() {
        AssembledResult empty = Assembly.assemble(List.of(cell(1, 600, null, 1.0, repeat(1, 5))), params(null));
        assertTrue(empty.windowsRanked().isEmpty());
        assertNull(empty.globalStats().shareSignificant());
        assertNull(empty.globalStats().oosSharpe());
        assertTrue(empty.notes().contains("No window had enough out-of-sample trades to be tested."));
        AssembledResult none = Assembly.assemble(List.of(cell(1, 600, 0.5, 1.0, repeat(1, 60))), params(null));
        assertTrue(none.notes().contains("No window is significant at FDR 0.10 (1 windows tested)."));
    }

    private static String render(AssembledResult r) {
        StringBuilder sb = new StringBuilder();
        for (AssembledResult.Window w : r.cells()) {
            sb.append(w.rank()).append(w.cell().cellKey()).append(w.fdrAdjP()).append(w.significant()).append('\n');
        }
        r.windowsRanked().forEach(w -> sb.append(w.rank()).append(w.cell().cellKey()).append('\n'));
        sb.append(r.globalStats()).append(r.costSensitivity()).append(r.notes());
        sb.append(Arrays.deepToString(r.heatmaps().oosSharpe())).append(Arrays.deepToString(r.heatmaps().meanAbsRetBp()))
                .append(Arrays.deepToString(r.heatmaps().meanVolume()));
        return sb.toString();
    }
}
