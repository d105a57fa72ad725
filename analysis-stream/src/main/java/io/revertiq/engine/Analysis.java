package io.revertiq.engine;

import io.revertiq.engine.assembly.AssembledResult;
import io.revertiq.engine.assembly.Assembly;
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
 * series diagnostics -> one slice per (dow x bin) -> cell evaluation -> assembly. The streaming topology
 * runs the same steps on separate instances; this is the offline path and the reference it is tested against.
 */
public final class Analysis {
    /** Version of the analysis contract implementation, recorded in every result's provenance. */
    public static final String ENGINE_VERSION = "engine-1.0.0";

    /** Told after each evaluated cell. */
    public interface Progress {
        void cellDone(int done, int total);
    }

    /** Everything an analysis computed; rendering it is the caller's business. */
    public record Outcome(AnalysisParams params, BarSeries series, DataQuality quality, String dataHash,
                          SeriesDiagnostics.Result diagnostics, AssembledResult result) {
    }

    private Analysis() {
    }

    /**
     * @param canonicalParamsJson the canonical JSON of the resolved parameters (part of the data hash)
     */
    public static Outcome run(RawBars raw, AnalysisParams params, String canonicalParamsJson, Progress progress) {
        SessionizedBars sessionized = new Sessionizer(NyseCalendar.instance()).sessionize(raw, params);
        BarSeries series = sessionized.series();
        if (series.size() == 0) {
            throw new InvalidArgumentException("horizon", "no bars of the data lie in the horizon "
                    + params.horizon().start() + ".." + params.horizon().end() + " during the kept hours",
                    "choose a horizon the data covers");
        }
        String dataHash = DataHash.of(series, canonicalParamsJson);
        double[] z = ZScore.compute(series, params.signal());
        SeriesDiagnostics.Result diagnostics = SeriesDiagnostics.compute(z, logCloses(series), series.day,
                series.barMinutes);

        List<Bin> bins = WindowSpec.parse(params.windows().spec());
        int maxHold = Arrays.stream(params.params().holdGridMin()).max().orElse(0);
        List<CellSlice> slices = new CellSlicer(series, z, maxHold).sliceAll(params.windows().days(), bins);
        CellEvaluator evaluator = new CellEvaluator();
        List<CellResult> cells = new ArrayList<>(slices.size());
        for (CellSlice slice : slices) {
            cells.add(evaluator.evaluate(slice, params, dataHash, slice.cellKey()));
            progress.cellDone(cells.size(), slices.size());
        }
        AssembledResult result = Assembly.assemble(cells, params);
        return new Outcome(params, series, sessionized.quality(), dataHash, diagnostics, result);
    }

    private static double[] logCloses(BarSeries series) {
        double[] out = new double[series.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.log(series.close[i]);
        }
        return out;
    }
}
