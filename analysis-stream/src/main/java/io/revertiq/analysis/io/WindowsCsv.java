package io.revertiq.analysis.io;

import com.fasterxml.jackson.databind.JsonNode;
import io.revertiq.engine.assembly.AssembledResult;
import io.revertiq.engine.assembly.AssembledResult.Window;
import io.revertiq.engine.cell.CellResult;
import java.util.ArrayList;
import java.util.List;

/**
 * windows.csv: one row per cell, the ranked family first (in rank order), then the insufficient cells. It is
 * rendered from the assembled result (the artifact) or from the v1 response JSON (a client holding only the
 * response, e.g. {@code revertiq export --csv}); both give the same bytes, because the response keeps every
 * number the CSV prints and Java prints a double read back from its JSON exactly as before.
 */
public final class WindowsCsv {
    static final String HEADER = "rank,dow,window,status,n_trades,oos_sharpe,oos_ret_per_trade_bp,hit_rate,p_value,"
            + "fdr_adj_p,significant,ci95_lo_bp,ci95_hi_bp,half_life_min,median_time_to_mean_min,cost_break_even_bp,"
            + "entry_band,exit_band,hold_cap_min,drift_flag,oos_days";

    private WindowsCsv() {
    }

    public static String render(AssembledResult result) {
        List<Window> windows = new ArrayList<>(result.windowsRanked());
        result.cells().stream().filter(w -> !w.cell().sufficient()).forEach(windows::add);
        List<List<Object>> rows = new ArrayList<>();
        for (Window w : windows) {
            CellResult c = w.cell();
            double[] ci = c.ci95Bp();
            rows.add(List.of(
                    w.rank() > 0 ? w.rank() : "", ResultJson.dowName(c.dow()),
                    c.cellKey().substring(c.cellKey().indexOf('|') + 1), c.status().jsonName(), c.nTrades(),
                    cell(c.oosSharpe()), cell(c.oosRetPerTradeBp()), cell(c.hitRate()), cell(c.pValue()),
                    cell(w.fdrAdjP()), w.significant(), ci.length == 2 ? ci[0] : "", ci.length == 2 ? ci[1] : "",
                    cell(c.halfLifeMin()), cell(c.medianTimeToMeanMin()), cell(c.costBreakEvenBp()),
                    cell(c.entryBand()), cell(c.exitBand()), c.holdCapMin() == null ? "" : c.holdCapMin(),
                    c.driftFlag(), c.oosDays()));
        }
        return csv(rows);
    }

    /** The same CSV from a complete v1 response ({@code windows_ranked}, then {@code windows_insufficient}). */
    public static String render(JsonNode v1Response) {
        List<List<Object>> rows = new ArrayList<>();
        for (String family : List.of("windows_ranked", "windows_insufficient")) {
            for (JsonNode w : v1Response.path(family)) {
                JsonNode ci = w.path("ci95_bp");
                rows.add(List.of(
                        w.has("rank") ? w.get("rank").intValue() : "", w.path("dow").asText(),
                        w.path("window").asText(), w.path("status").asText(), w.path("n_trades").intValue(),
                        cell(w, "oos_sharpe"), cell(w, "oos_ret_per_trade_bp"), cell(w, "hit_rate"),
                        cell(w, "p_value"), cell(w, "fdr_adj_p"), w.path("significant").booleanValue(),
                        ci.size() == 2 ? ci.get(0).doubleValue() : "", ci.size() == 2 ? ci.get(1).doubleValue() : "",
                        cell(w, "half_life_min"), cell(w, "median_time_to_mean_min"), cell(w, "cost_break_even_bp"),
                        cell(w, "entry_band"), cell(w, "exit_band"),
                        w.path("hold_cap_min").isNumber() ? w.get("hold_cap_min").intValue() : "",
                        w.path("drift_flag").booleanValue(), w.path("oos_days").intValue()));
            }
        }
        return csv(rows);
    }

    private static String csv(List<List<Object>> rows) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (List<Object> cols : rows) {
            for (int i = 0; i < cols.size(); i++) {
                out.append(i == 0 ? "" : ",").append(cols.get(i));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static Object cell(Double v) {
        return v == null || !Double.isFinite(v) ? "" : v;
    }

    /** A nullable number of the response: null (non-finite in the engine) prints empty, like {@link #cell(Double)}. */
    private static Object cell(JsonNode window, String field) {
        JsonNode v = window.path(field);
        return v.isNumber() ? (Object) v.doubleValue() : "";
    }
}
