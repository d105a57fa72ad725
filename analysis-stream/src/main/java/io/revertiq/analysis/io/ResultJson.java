package io.revertiq.analysis.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.stream.AvroMapping;
import io.revertiq.analysis.stream.RequestMapping;
import io.revertiq.avro.AnalysisRequest;
import io.revertiq.avro.SeriesDiagnostics;
import io.revertiq.avro.WindowResult;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.assembly.AssembledResult;
import io.revertiq.engine.assembly.AssembledResult.CostPoint;
import io.revertiq.engine.assembly.AssembledResult.GlobalStats;
import io.revertiq.engine.assembly.AssembledResult.Heatmaps;
import io.revertiq.engine.assembly.AssembledResult.Window;
import io.revertiq.engine.assembly.Assembly;
import io.revertiq.engine.bars.DataQuality;
import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.engine.cell.CellResult;
import io.revertiq.engine.cell.FoldChoice;
import io.revertiq.engine.cell.Stability;
import io.revertiq.engine.diagnostics.VarianceRatio;
import io.revertiq.engine.request.AnalysisParams;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Renders an analysis as the v1 analyze response. Keys come in a fixed order and numbers print as Java's
 * shortest round-trip decimal, so the same analysis always gives the same bytes; non-finite numbers print as
 * null. Only {@code analysis_id} and {@code provenance.generated_at} vary between identical runs.
 */
public final class ResultJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DOW = List.of("MON", "TUE", "WED", "THU", "FRI");

    /** One input of the analysis: a file or lake shard with its sha256 and the bars it held. */
    public record Input(String name, String sha256, long bars) {
    }

    /** Where the data came from and who computed the result. */
    public record Provenance(String revertiqVersion, String provider, List<Input> inputs, Instant generatedAt) {
    }

    private ResultJson() {
    }

    /**
     * The one rendering path of offline and pipeline results alike: the request, the series header and the
     * assembled cells are all a response needs.
     */
    public static ObjectNode render(String analysisId, AnalysisParams params, String canonicalParamsJson,
                                    SeriesDiagnostics header, AssembledResult result, Provenance provenance) {
        ObjectNode root = JSON.createObjectNode();
        root.put("analysis_id", analysisId);
        root.put("status", "complete");
        root.put("ticker", params.ticker());
        root.putObject("horizon").put("start", params.horizon().start().toString())
                .put("end", params.horizon().end().toString());
        root.set("assumptions", assumptions(params, canonicalParamsJson, result));
        ArrayNode ranked = root.putArray("windows_ranked");
        result.windowsRanked().forEach(w -> ranked.add(window(w)));
        ArrayNode insufficient = root.putArray("windows_insufficient");
        result.cells().stream().filter(w -> !w.cell().sufficient()).forEach(w -> insufficient.add(window(w)));
        root.set("global_stats", globalStats(result.globalStats()));
        root.set("diagnostics", diagnostics(AvroMapping.toDiagnostics(header), result));
        root.set("data_quality", dataQuality(AvroMapping.toDataQuality(header), header.getBarsKept()));
        root.set("provenance", provenance(header.getDataHash(), params, provenance));
        ArrayNode notes = root.putArray("notes");
        result.notes().forEach(notes::add);
        if (params.output().explain()) {
            root.set("explain", explain(Explain.of(header, params, result)));
        }
        return root;
    }

    /** A pipeline result: the resolved request, the series header and every cell's window result, in any order. */
    public static ObjectNode render(String analysisId, AnalysisRequest request, SeriesDiagnostics header,
                                    List<WindowResult> windowResults, Provenance provenance) {
        AnalysisParams params = RequestMapping.toParams(request);
        List<CellResult> cells = windowResults.stream().map(AvroMapping::toCellResult).toList();
        return render(analysisId, params, RequestParser.canonicalJson(params), header,
                Assembly.assemble(cells, params), provenance);
    }

    /**
     * Compact with a final newline: the document the results topic carries, result.json holds and the API serves.
     * Indentation nearly doubled its bytes, and every result crosses the broker three times.
     */
    public static String toText(ObjectNode response) {
        try {
            return JSON.writeValueAsString(response) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the result", e);
        }
    }

    /** A result document indented for a terminal, with a final newline. */
    public static String pretty(String document) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(document)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON document", e);
        }
    }

    public static String dowName(int dow) {
        return DOW.get(dow - 1);
    }

    private static ObjectNode assumptions(AnalysisParams params, String canonicalParamsJson, AssembledResult result) {
        ObjectNode node;
        try {
            node = (ObjectNode) JSON.readTree(canonicalParamsJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("canonical parameters are not JSON", e);
        }
        node.remove(List.of("ticker", "horizon"));
        ArrayNode resolved = ((ObjectNode) node.get("windows")).putArray("resolved");
        result.resolvedBins().forEach(resolved::add);
        ((ObjectNode) node.get("costs")).put("round_trip_bp", params.costs().roundTripBp());
        node.put("calendar", "XNYS");
        node.put("timezone", NyseCalendar.ZONE.getId());
        return node;
    }

    static ObjectNode window(Window w) {
        CellResult c = w.cell();
        ObjectNode node = JSON.createObjectNode();
        if (w.rank() > 0) {
            node.put("rank", w.rank());
        }
        node.put("dow", dowName(c.dow()));
        node.put("window", c.cellKey().substring(c.cellKey().indexOf('|') + 1));
        node.put("status", c.status().jsonName());
        node.put("n_trades", c.nTrades());
        number(node, "oos_sharpe", c.oosSharpe());
        number(node, "oos_ret_per_trade_bp", c.oosRetPerTradeBp());
        number(node, "hit_rate", c.hitRate());
        number(node, "p_value", c.pValue());
        number(node, "fdr_adj_p", w.fdrAdjP());
        node.put("significant", w.significant());
        ArrayNode ci = node.putArray("ci95_bp");
        for (double v : c.ci95Bp()) {
            ci.add(v);
        }
        number(node, "half_life_min", c.halfLifeMin());
        number(node, "median_time_to_mean_min", c.medianTimeToMeanMin());
        number(node, "cost_break_even_bp", c.costBreakEvenBp());
        number(node, "entry_band", c.entryBand());
        number(node, "exit_band", c.exitBand());
        if (c.holdCapMin() == null) {
            node.putNull("hold_cap_min");
        } else {
            node.put("hold_cap_min", c.holdCapMin());
        }
        ObjectNode reasons = node.putObject("exit_reasons");
        c.exitReasons().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> reasons.put(e.getKey(), e.getValue()));
        node.put("drift_flag", c.driftFlag());
        node.put("oos_days", c.oosDays());
        ArrayNode stability = node.putArray("stability");
        for (Stability.Period p : c.stability()) {
            ObjectNode period = stability.addObject().put("period", p.period()).put("n", p.n());
            number(period, "sharpe", p.sharpe());
        }
        ArrayNode folds = node.putArray("folds");
        for (FoldChoice f : c.folds()) {
            ObjectNode fold = folds.addObject().put("fold", f.fold())
                    .put("train_start", f.trainStart().toString()).put("train_end", f.trainEnd().toString())
                    .put("test_start", f.testStart().toString()).put("test_end", f.testEnd().toString());
            number(fold, "entry_band", f.entryBand());
            number(fold, "exit_band", f.exitBand());
            if (f.holdCapMin() == null) {
                fold.putNull("hold_cap_min");
            } else {
                fold.put("hold_cap_min", f.holdCapMin());
            }
            number(fold, "in_sample_sharpe", f.inSampleSharpe());
            fold.put("test_trades", f.testTrades());
        }
        return node;
    }

    private static ObjectNode globalStats(GlobalStats g) {
        ObjectNode node = JSON.createObjectNode();
        node.put("cells_evaluated", g.cellsEvaluated());
        node.put("cells_in_family", g.cellsInFamily());
        node.put("cells_insufficient", g.cellsInsufficient());
        node.put("cells_significant", g.cellsSignificant());
        number(node, "share_significant", g.shareSignificant());
        node.put("n_trades", g.nTrades());
        number(node, "oos_ret_per_trade_bp", g.meanRetPerTradeBp());
        number(node, "hit_rate", g.hitRate());
        number(node, "oos_sharpe", g.oosSharpe());
        number(node, "cost_break_even_bp", g.costBreakEvenBp());
        node.put("oos_days", g.oosDays());
        return node;
    }

    private static ObjectNode diagnostics(io.revertiq.engine.diagnostics.SeriesDiagnostics.Result d,
                                          AssembledResult result) {
        ObjectNode node = JSON.createObjectNode();
        if (d.adf() == null) {
            node.putNull("adf");
        } else {
            node.putObject("adf").put("stat", finite(d.adf().statistic())).put("p", finite(d.adf().pValue()))
                    .put("lags", d.adf().usedLag()).put("nobs", d.adf().nobs());
        }
        if (d.kpss() == null) {
            node.putNull("kpss");
        } else {
            node.putObject("kpss").put("stat", finite(d.kpss().statistic())).put("p", finite(d.kpss().pValue()))
                    .put("lags", d.kpss().lags()).put("p_clipped", d.kpss().pClipped());
        }
        number(node, "hurst", d.hurst() == null ? null : d.hurst().exponent());
        number(node, "ou_half_life_min", d.halfLife() == null ? null : d.halfLife().halfLifeMinutes());
        number(node, "acf1", d.acf1());
        ArrayNode ratios = node.putArray("variance_ratio");
        for (VarianceRatio.Result vr : d.varianceRatios()) {
            ObjectNode r = ratios.addObject().put("q", vr.q());
            number(r, "vr", vr.ratio());
            number(r, "z", vr.z());
            number(r, "p", vr.pValue());
        }
        node.put("mean_reverting", d.meanReverting());
        ArrayNode costs = node.putArray("cost_sensitivity");
        for (CostPoint p : result.costSensitivity()) {
            ObjectNode point = costs.addObject().put("cost_multiplier", p.multiplier());
            number(point, "oos_ret_per_trade_bp", p.meanNetBp());
            number(point, "oos_sharpe", p.oosSharpe());
        }
        node.set("heatmaps", heatmaps(result.heatmaps()));
        return node;
    }

    private static ObjectNode heatmaps(Heatmaps h) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode dows = node.putArray("dows");
        h.dows().forEach(d -> dows.add(dowName(d)));
        ArrayNode bins = node.putArray("bins");
        h.bins().forEach(bins::add);
        node.set("oos_sharpe", grid(h.oosSharpe()));
        node.set("mean_abs_ret_bp", grid(h.meanAbsRetBp()));
        node.set("mean_volume", grid(h.meanVolume()));
        return node;
    }

    private static ArrayNode grid(Double[][] values) {
        ArrayNode rows = JSON.createArrayNode();
        for (Double[] row : values) {
            ArrayNode r = rows.addArray();
            for (Double v : row) {
                if (v == null || !Double.isFinite(v)) {
                    r.addNull();
                } else {
                    r.add(v);
                }
            }
        }
        return rows;
    }

    private static ObjectNode dataQuality(DataQuality q, int barsKept) {
        ObjectNode node = JSON.createObjectNode();
        node.put("trading_days", q.days().size());
        node.put("bars_kept", barsKept);
        node.put("bars_expected", q.days().stream().mapToInt(DataQuality.DayCoverage::expected).sum());
        node.put("duplicates_dropped", q.duplicatesDropped());
        node.put("off_calendar_dropped", q.offCalendarDropped());
        node.put("out_of_session_dropped", q.outOfSessionDropped());
        node.put("complete_share_threshold", DataQuality.COMPLETE_SHARE);
        ArrayNode missing = node.putArray("missing_days");
        q.missingDays().forEach(d -> missing.add(d.toString()));
        ArrayNode incomplete = node.putArray("incomplete_days");
        for (DataQuality.DayCoverage day : q.days()) {
            if (!day.complete()) {
                incomplete.addObject().put("date", day.date().toString()).put("expected", day.expected())
                        .put("present", day.present());
            }
        }
        ArrayNode days = node.putArray("days");
        for (DataQuality.DayCoverage day : q.days()) {
            days.addObject().put("date", day.date().toString()).put("expected", day.expected())
                    .put("present", day.present());
        }
        return node;
    }

    private static ObjectNode provenance(String dataHash, AnalysisParams params, Provenance p) {
        ObjectNode node = JSON.createObjectNode();
        node.put("data_hash", dataHash);
        node.put("revertiq_version", p.revertiqVersion());
        node.put("engine_version", Analysis.ENGINE_VERSION);
        node.put("calendar_version", NyseCalendar.VERSION);
        node.put("provider", p.provider());
        node.putObject("query").put("ticker", params.ticker()).put("from", params.horizon().start().toString())
                .put("to", params.horizon().end().toString()).put("interval", params.bar().interval());
        node.put("adjusted", params.bar().adjusted());
        ArrayNode inputs = node.putArray("inputs");
        for (Input input : p.inputs()) {
            inputs.addObject().put("name", input.name()).put("sha256", input.sha256()).put("bars", input.bars());
        }
        node.put("generated_at", p.generatedAt().toString());
        return node;
    }

    private static ObjectNode explain(Explain explain) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode narrative = node.putArray("narrative");
        explain.narrative().forEach(narrative::add);
        ObjectNode terms = node.putObject("definitions");
        explain.definitions().forEach(terms::put);
        return node;
    }

    private static void number(ObjectNode node, String field, Double value) {
        if (value == null || !Double.isFinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, value.doubleValue());
        }
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
