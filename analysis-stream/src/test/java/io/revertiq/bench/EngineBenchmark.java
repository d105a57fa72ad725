package io.revertiq.bench;

import io.revertiq.engine.TestBars;
import io.revertiq.engine.TestParams;
import io.revertiq.engine.assembly.AssembledResult;
import io.revertiq.engine.assembly.Assembly;
import io.revertiq.engine.bars.BarSeries;
import io.revertiq.engine.cell.CellEvaluator;
import io.revertiq.engine.cell.CellResult;
import io.revertiq.engine.cell.CellSlice;
import io.revertiq.engine.cell.CellSlicer;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.request.AnalysisParams.WalkForwardSpec;
import io.revertiq.engine.signal.ZScore;
import io.revertiq.engine.stats.Bootstrap;
import io.revertiq.engine.windows.WindowSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * W-std: 2 x 252 weekdays of 1-minute RTH bars (390 a day, 196,560 bars, seeded pure random walk), windows
 * 09:45-16:00/30m x Mon..Fri = 60 cells, grid 3 x 2 x 3 long only, walk-forward 120/30/30, 10,000 bootstrap
 * samples, sma 20 / std 20. One operation = z-score + slicing + every cell's evaluation + assembly, single thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class EngineBenchmark {
    private BarSeries bars;
    private AnalysisParams params;
    private double[] returns500;
    private final Bootstrap bootstrap = new Bootstrap(10_000);

    @Setup
    public void setUp() {
        bars = TestBars.pureRandomWalk(20240101L, 504, 570, 390, 1);
        double[] r = new double[500];
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < r.length; i++) {
            r[i] = rng.nextDouble() * 20 - 9;
        }
        returns500 = r;
        params = TestParams.of("09:45-16:00/30m", TestParams.standardGrid(), new WalkForwardSpec(120, 30, 30), 50,
                10_000, "oos_sharpe");
    }

    @Benchmark
    public AssembledResult wStd() {
        return run(bars, params);
    }

    /** One cell's bootstrap at the size the budget is set for: n = 500 returns, B = 10,000. */
    @Benchmark
    public Bootstrap.Result bootstrap500() {
        return bootstrap.run(returns500, returns500.length, 42);
    }

    static AssembledResult run(BarSeries bars, AnalysisParams params) {
        double[] z = ZScore.compute(bars, params.signal());
        int maxHold = Arrays.stream(params.params().holdGridMin()).max().orElseThrow();
        List<CellSlice> slices = new CellSlicer(bars, z)
                .sliceAll(params.windows().days(), WindowSpec.parse(params.windows().spec()), maxHold);
        CellEvaluator evaluator = new CellEvaluator();
        List<CellResult> results = new ArrayList<>(slices.size());
        for (CellSlice s : slices) {
            results.add(evaluator.evaluate(s, params, "sha256:bench", s.cellKey()));
        }
        return Assembly.assemble(results, params);
    }
}
