package io.revertiq.bench;

import io.revertiq.engine.diagnostics.Adf;
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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/** ADF with AIC lag search (maxlag 81) on 200,000 observations; the budget is 0.3 s on one core. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AdfBenchmark {
    private static final int N = 200_000;

    private double[] logPrice;

    @Setup
    public void setUp() {
        Random rnd = new Random(20240601L);
        logPrice = new double[N];
        logPrice[0] = Math.log(100.0);
        for (int i = 1; i < N; i++) {
            logPrice[i] = logPrice[i - 1] + 1e-3 * rnd.nextGaussian();
        }
    }

    @Benchmark
    public Adf.Result adfAutolag() {
        return Adf.test(logPrice);
    }
}
