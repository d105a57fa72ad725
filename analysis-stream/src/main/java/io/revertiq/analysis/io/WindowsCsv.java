package io.revertiq.analysis.io;

import io.revertiq.engine.assembly.AssembledResult;
import io.revertiq.engine.assembly.AssembledResult.Window;
import io.revertiq.engine.cell.CellResult;
import java.util.ArrayList;
import java.util.List;

/** windows.csv: one row per cell, the ranked family first (in rank order), then the insufficient cells. */
public final class WindowsCsv {
    static final String HEADER = "rank,dow,window,status,n_trades,oos_sharpe,oos_ret_per_trade_bp,hit_rate,p_value,"
            + "fdr_adj_p,significant,ci95_lo_bp,ci95_hi_bp,half_life_min,median_time_to_mean_min,cost_break_even_bp,"
            + "entry_band,exit_band,hold_cap_min,drift_flag,oos_days";

    private WindowsCsv() {
    }

    public static String render(AssembledResult result) {
        List<Window> rows = new ArrayList<>(result.windowsRanked());
        result.cells().stream().filter(w -> !w.cell().sufficient()).forEach(rows::add);
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (Window w : rows) {
            CellResult c = w.cell();
            double[] ci = c.ci95Bp();
            List<Object> cols = List.of(
                    w.rank() > 0 ? w.rank() : "", ResultJson.dowName(c.dow()),
                    c.cellKey().substring(c.cellKey().indexOf('|') + 1), c.status().jsonName(), c.nTrades(),
                    cell(c.oosSharpe()), cell(c.oosRetPerTradeBp()), cell(c.hitRate()), cell(c.pValue()),
                    cell(w.fdrAdjP()), w.significant(), ci.length == 2 ? ci[0] : "", ci.length == 2 ? ci[1] : "",
                    cell(c.halfLifeMin()), cell(c.medianTimeToMeanMin()), cell(c.costBreakEvenBp()),
                    cell(c.entryBand()), cell(c.exitBand()), c.holdCapMin() == null ? "" : c.holdCapMin(),
                    c.driftFlag(), c.oosDays());
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
}
