package io.revertiq.results.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ranked windows of a v1 response as a terminal would print them: one row per window in rank order,
 * significant rows marked '*', then a drift note when any window's recent OOS Sharpe fell away, how many windows
 * were left untested for want of trades, and the data_hash so a reader can match the table to the stored result.
 */
public final class RankedTable {
    private static final String[] HEADERS = {"", "DOW", "WINDOW", "SHARPE", "RET/TRADE bp", "pFDR", "HALF-LIFE min", "N"};
    /** Text columns (marker, day, window) align left, numbers right so decimals line up. */
    private static final boolean[] LEFT = {true, true, true, false, false, false, false, false};
    private static final String MISSING = "-";

    private RankedTable() {
    }

    public static String render(JsonNode v1Response) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        List<String> drifting = new ArrayList<>();
        for (JsonNode w : v1Response.path("windows_ranked")) {
            String where = w.path("dow").asText() + " " + w.path("window").asText();
            rows.add(new String[] {
                    w.path("significant").asBoolean() ? "*" : "",
                    w.path("dow").asText(),
                    w.path("window").asText(),
                    number(w.path("oos_sharpe"), "%.2f"),
                    number(w.path("oos_ret_per_trade_bp"), "%.2f"),
                    number(w.path("fdr_adj_p"), "%.3f"),
                    number(w.path("half_life_min"), "%.1f"),
                    w.path("n_trades").isNumber() ? w.path("n_trades").asText() : MISSING});
            if (w.path("drift_flag").asBoolean()) {
                drifting.add(where);
            }
        }
        StringBuilder out = new StringBuilder();
        int[] widths = widths(rows);
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String pad = " ".repeat(widths[c] - row[c].length());
                line.append(c == 0 ? "" : "  ").append(LEFT[c] ? row[c] + pad : pad + row[c]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        if (!drifting.isEmpty()) {
            out.append("drift: latest period's OOS Sharpe below median - 1 sd of all periods in ")
                    .append(String.join(", ", drifting)).append('\n');
        }
        int untested = v1Response.path("windows_insufficient").size();
        if (untested > 0) {
            // without this line a result whose windows all lack trades would print a bare header
            out.append(untested).append(untested == 1 ? " window" : " windows")
                    .append(" not tested: fewer OOS trades than min_trades ")
                    .append(v1Response.at("/assumptions/significance/min_trades").asText(MISSING)).append('\n');
        }
        out.append("data_hash ").append(v1Response.path("provenance").path("data_hash").asText(MISSING)).append('\n');
        return out.toString();
    }

    private static String number(JsonNode value, String format) {
        return value.isNumber() ? String.format(Locale.ROOT, format, value.doubleValue()) : MISSING;
    }

    private static int[] widths(List<String[]> rows) {
        int[] widths = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        return widths;
    }
}
