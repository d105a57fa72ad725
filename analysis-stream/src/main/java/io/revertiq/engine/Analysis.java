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
    /** Version of the analysis contract implementation, recorded in every result's provenance. */
    public static final String ENGINE_VERSION = "engine-1.0.0";

    /**
     * Where series stages computed earlier can be kept (the pipeline's state stores). The key covers the bars used
     * and the signal parameters, nothing else: the z-series and its diagnostics depend on nothing else, so
     * requests that differ only in grid, costs, windows or significance share them.
     */
    public interface SeriesCache {
        SeriesStage get(String key);

        void put(String key, SeriesStage stage);

        SeriesCache NONE = new SeriesCache() {
            @Override
            public SeriesStage get(String key) {
                return null;
            }

            @Override
            public void put(String key, SeriesStage stage) {
            }
        };
    }

    /** The z-series of the bars and its whole-series diagnostics. */
    public record SeriesStage(double[] z, SeriesDiagnostics.Result diagnostics) {
    }

    /** Told after each evaluated cell. */
    public interface Progress {
        void cellDone(int done, int total);
    }

    /** The series stage: what the pipeline's fan-out computes once per analysis before the cells. */
    public record Prepared(AnalysisParams params, BarSeries series, DataQuality quality, String dataHash, double[] z,
                           SeriesDiagnostics.Result diagnostics, List<CellSlice> slices) {
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

    /**
     * Sessionise, hash, z-score (through the cache), diagnose and slice.
     *
     * @param canonicalParamsJson the canonical JSON of the resolved parameters (part of the data hash)
     */
    public static Prepared prepare(RawBars raw, AnalysisParams params, String canonicalParamsJson, SeriesCache cache) {
        SessionizedBars sessionized = new Sessionizer(NyseCalendar.instance()).sessionize(raw, params);
        BarSeries series = sessionized.series();
        if (series.size() == 0) {
            throw new InvalidArgumentException("horizon", "no bars of the data lie in the horizon "
                    + params.horizon().start() + ".." + params.horizon().end() + " during the kept hours",
                    "choose a horizon the data covers");
        }
        DataHash.Bars bars = DataHash.bars(series);
        String dataHash = bars.with(canonicalParamsJson);
        String key = bars.with(params.signal().toString());
        SeriesStage stage = cache.get(key);
        if (stage == null || stage.z().length != series.size()) {
            double[] z = ZScore.compute(series, params.signal());
            stage = new SeriesStage(z, SeriesDiagnostics.compute(z, logCloses(series), series.day, series.barMinutes));
            cache.put(key, stage);
        }
        double[] z = stage.z();
        SeriesDiagnostics.Result diagnostics = stage.diagnostics();
        List<Bin> bins = WindowSpec.parse(params.windows().spec());
        int maxHold = Arrays.stream(params.params().holdGridMin()).max().orElse(0);
        List<CellSlice> slices = new CellSlicer(series, z, maxHold).sliceAll(params.windows().days(), bins);
        return new Prepared(params, series, sessionized.quality(), dataHash, z, diagnostics, slices);
    }

    private static double[] logCloses(BarSeries series) {
        double[] out = new double[series.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.log(series.close[i]);
        }
        return out;
    }
}
