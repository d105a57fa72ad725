package io.revertiq.engine;

import io.revertiq.engine.bars.BarSeries;
import io.revertiq.engine.bars.DataHash;
import io.revertiq.engine.bars.DataQuality;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.bars.SessionizedBars;
import io.revertiq.engine.bars.Sessionizer;
import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.engine.cell.CellEvaluator;
import io.revertiq.engine.cell.CellResult;
import io.revertiq.engine.cell.CellSlice;
import io.revertiq.engine.cell.CellSlicer;
import io.revertiq.engine.diagnostics.SeriesDiagnostics;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.request.InvalidArgumentException;
import io.revertiq.engine.signal.ZScore;
import io.revertiq.engine.windows.Bin;
import io.revertiq.engine.windows.WindowSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One whole analysis in process, in the order the pipeline fans it out: sessionise -> z-series once ->
 * series diagnostics -> one slice per (dow x bin) -> cell evaluation; assembly follows once every cell is in.
 * The streaming topology runs the same steps on separate instances; this is the offline path and the reference
 * it is tested against.
 */
public final class Analysis {
    /**
     * Version of the analysis contract implementation, recorded in every result's provenance; it changes whenever the
     * same request over the same bars could give different numbers (1.1.0: the bootstrap's draws), and a cached
     * result of another version is never reused.
     */
    public static final String ENGINE_VERSION = "engine-1.1.0";

    /**
     * The series stage: what depends only on the bars, the horizon, the bar settings and the signal, so that
     * requests differing only in grid, costs, windows or significance can share it. Read-only once built (threads
     * may share it).
     *
     * @param barsHash the SHA-256 state after the bars, from which every parameter set's data_hash follows
     */
    public record Series(BarSeries bars, DataQuality quality, DataHash.Bars barsHash, double[] z,
                         SeriesDiagnostics.Result diagnostics, CellSlicer slicer) {
        /** The data_hash of these bars under the canonical JSON of a request's resolved parameters. */
        public String dataHash(String canonicalParamsJson) {
            return barsHash.with(canonicalParamsJson);
        }
    }

    /** Told after each evaluated cell. */
    public interface Progress {
        void cellDone(int done, int total);
    }

    /** A series stage with one request's data_hash and every cell's slice: what the offline path evaluates. */
    public record Prepared(AnalysisParams params, Series stage, String dataHash, List<CellSlice> slices) {
        public BarSeries series() {
            return stage.bars();
        }

        public DataQuality quality() {
            return stage.quality();
        }

        public double[] z() {
            return stage.z();
        }

        public SeriesDiagnostics.Result diagnostics() {
            return stage.diagnostics();
        }
    }

    private Analysis() {
    }

    /** Every cell of the series stage, in slice order; the pipeline runs the same evaluation per cell task. */
    public static List<CellResult> evaluate(Prepared prepared, Progress progress) {
        CellEvaluator evaluator = new CellEvaluator();
        List<CellResult> cells = new ArrayList<>(prepared.slices().size());
        for (CellSlice slice : prepared.slices()) {
            cells.add(evaluator.evaluate(slice, prepared.params(), prepared.dataHash(), slice.cellKey()));
            progress.cellDone(cells.size(), prepared.slices().size());
        }
        return cells;
    }

    /** Sessionise, hash, z-score and diagnose: the part of {@link #prepare} that no grid, cost or window changes. */
    public static Series series(RawBars raw, AnalysisParams params) {
        SessionizedBars sessionized = new Sessionizer(NyseCalendar.instance()).sessionize(raw, params);
        BarSeries series = sessionized.series();
        if (series.size() == 0) {
            throw new InvalidArgumentException("horizon", "no bars of the data lie in the horizon "
                    + params.horizon().start() + ".." + params.horizon().end() + " during the kept hours",
                    "choose a horizon the data covers");
        }
        double[] z = ZScore.compute(series, params.signal());
        return new Series(series, sessionized.quality(), DataHash.bars(series), z,
                SeriesDiagnostics.compute(z, logCloses(series), series.day, series.barMinutes),
                new CellSlicer(series, z));
    }

    /**
     * The series stage and every cell's slice.
     *
     * @param canonicalParamsJson the canonical JSON of the resolved parameters (part of the data hash)
     */
    public static Prepared prepare(RawBars raw, AnalysisParams params, String canonicalParamsJson) {
        return prepare(series(raw, params), params, canonicalParamsJson);
    }

    /** Slices a series stage (built for the same bars, horizon, bar settings and signal) for one request. */
    public static Prepared prepare(Series stage, AnalysisParams params, String canonicalParamsJson) {
        List<Bin> bins = WindowSpec.parse(params.windows().spec());
        List<CellSlice> slices = stage.slicer().sliceAll(params.windows().days(), bins, maxHoldMin(params));
        return new Prepared(params, stage, stage.dataHash(canonicalParamsJson), slices);
    }

    /** The largest hold cap of the grid: how far past its bin a cell's slice reaches. */
    public static int maxHoldMin(AnalysisParams params) {
        return Arrays.stream(params.params().holdGridMin()).max().orElse(0);
    }

    private static double[] logCloses(BarSeries series) {
        double[] out = new double[series.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.log(series.close[i]);
        }
        return out;
    }
}
