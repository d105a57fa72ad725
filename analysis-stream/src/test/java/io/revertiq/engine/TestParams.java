package io.revertiq.engine;

import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.request.AnalysisParams.Costs;
import io.revertiq.engine.request.AnalysisParams.Detrend;
import io.revertiq.engine.request.AnalysisParams.Grid;
import io.revertiq.engine.request.AnalysisParams.Side;
import io.revertiq.engine.request.AnalysisParams.Signal;
import io.revertiq.engine.request.AnalysisParams.Significance;
import io.revertiq.engine.request.AnalysisParams.Volatility;
import io.revertiq.engine.request.AnalysisParams.WalkForwardSpec;

import java.time.LocalDate;
import java.util.List;

/** Resolved request parameters for tests and benchmarks. */
public final class TestParams {
    private TestParams() {
    }

    public static AnalysisParams of(String spec, Grid grid, WalkForwardSpec wf, int minTrades, int bootstrap,
                                    String rankBy) {
        return new AnalysisParams("TEST", new AnalysisParams.Horizon(LocalDate.of(2023, 1, 2), LocalDate.of(2024, 12, 31)),
                new AnalysisParams.Bar("1m", 1, true, false), new AnalysisParams.Windows(spec, List.of(1, 2, 3, 4, 5)),
                new Signal(Detrend.SMA, 20, Volatility.STD, 20, false), grid, new Costs("bars", 0.5, 0.8, 0.2), wf,
                new Significance(0.10, minTrades, bootstrap), new AnalysisParams.Output(rankBy, false));
    }

    /** The W-std workload's grid: entry {-2.5, -2, -1.5} x exit {-0.5, 0} x hold {30, 60, 120}, long only. */
    public static Grid standardGrid() {
        return new Grid(new double[] {-2.5, -2.0, -1.5}, new double[] {-0.5, 0.0}, new int[] {30, 60, 120},
                Side.LONG_ONLY);
    }
}
