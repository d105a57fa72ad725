package io.revertiq.edge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code GET /v1/analysis/{id}/windows}: filters, sorts and pages {@code windows_ranked} of a result. Parameters
 * (each optional; a bad value is INVALID_ARGUMENT naming the parameter): {@code sort} one of {@link #SORTABLE}
 * (default rank), {@code order} asc|desc (default asc), {@code min_trades} integer >= 0 (n_trades >= it),
 * {@code max_fdr} number in [0, 1] (fdr_adj_p <= it), {@code dow} comma-separated MON..FRI, {@code page} >= 1
 * (default 1), {@code per_page} 1..{@value #MAX_PER_PAGE} (default {@value #DEFAULT_PER_PAGE}), {@code fields}
 * comma-separated window fields to keep. Nulls sort last in either order; ties keep rank order.
 */
public record WindowsQuery(String sort, boolean descending, Integer minTrades, Double maxFdr, Set<String> dows,
                           int page, int perPage, Set<String> fields) {
    public static final int DEFAULT_PER_PAGE = 50;
    public static final int MAX_PER_PAGE = 500;
    public static final List<String> SORTABLE = List.of("rank", "dow", "window", "n_trades", "oos_sharpe",
            "oos_ret_per_trade_bp", "hit_rate", "p_value", "fdr_adj_p", "half_life_min", "median_time_to_mean_min",
            "cost_break_even_bp", "oos_days");
    public static final List<String> FIELDS = List.of("rank", "dow", "window", "status", "n_trades", "oos_sharpe",
            "oos_ret_per_trade_bp", "hit_rate", "p_value", "fdr_adj_p", "significant", "ci95_bp", "half_life_min",
            "median_time_to_mean_min", "cost_break_even_bp", "entry_band", "exit_band", "hold_cap_min",
            "exit_reasons", "drift_flag", "oos_days", "stability", "folds");
    private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI");

    /** One page of the filtered, sorted windows and how many matched in all. */
    public record Page(ArrayNode windows, int total) {
    }

    /** Parses the query parameters (the first value of each; absent or empty means the default). */
    public static WindowsQuery parse(Function<String, String> param) {
        String sort = text(param, "sort", "rank");
        if (!SORTABLE.contains(sort)) {
            throw ApiException.invalid("sort", "cannot sort by '" + sort + "'", "one of " + String.join(", ", SORTABLE));
        }
        String order = text(param, "order", "asc");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiException.invalid("order", "unknown order '" + order + "'", "asc or desc");
        }
        String minTradesText = text(param, "min_trades", null);
        Integer minTrades = minTradesText == null ? null : integer("min_trades", minTradesText, 0, Integer.MAX_VALUE);
        Double maxFdr = null;
        String maxFdrText = text(param, "max_fdr", null);
        if (maxFdrText != null) {
            try {
                maxFdr = Double.parseDouble(maxFdrText);
            } catch (NumberFormatException e) {
                maxFdr = Double.NaN;
            }
            if (!(maxFdr >= 0 && maxFdr <= 1)) {
                throw ApiException.invalid("max_fdr", "max_fdr '" + maxFdrText + "' is not a number in [0, 1]",
                        "e.g. max_fdr=0.1");
            }
        }
        Set<String> dows = null;
        String dowText = text(param, "dow", null);
        if (dowText != null) {
            dows = list("dow", dowText, DAYS);
        }
        int page = integer("page", text(param, "page", "1"), 1, Integer.MAX_VALUE);
        int perPage = integer("per_page", text(param, "per_page", Integer.toString(DEFAULT_PER_PAGE)), 1,
                MAX_PER_PAGE);
        String fieldsText = text(param, "fields", null);
        Set<String> fields = fieldsText == null ? null : list("fields", fieldsText, FIELDS);
        return new WindowsQuery(sort, order.equals("desc"), minTrades, maxFdr, dows, page, perPage, fields);
    }

    public Page apply(JsonNode windowsRanked) {
        List<JsonNode> kept = new ArrayList<>();
        for (JsonNode w : windowsRanked) {
            if (minTrades != null && w.path("n_trades").asInt() < minTrades) {
                continue;
            }
            if (maxFdr != null && !(w.path("fdr_adj_p").isNumber() && w.get("fdr_adj_p").asDouble() <= maxFdr)) {
                continue;
            }
            if (dows != null && !dows.contains(w.path("dow").asText())) {
                continue;
            }
            kept.add(w);
        }
        Comparator<JsonNode> byValue = (a, b) -> compare(a.get(sort), b.get(sort));
        Comparator<JsonNode> ordered = descending ? byValue.reversed() : byValue;
        kept.sort((a, b) -> {
            boolean aNull = isNull(a.get(sort));
            boolean bNull = isNull(b.get(sort));
            if (aNull != bNull) {
                return aNull ? 1 : -1;
            }
            int c = aNull ? 0 : ordered.compare(a, b);
            return c != 0 ? c : Integer.compare(a.path("rank").asInt(), b.path("rank").asInt());
        });
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        long from = (long) (page - 1) * perPage;
        for (long i = from; i < Math.min(kept.size(), from + perPage); i++) {
            JsonNode w = kept.get((int) i);
            if (fields == null) {
                out.add(w);
            } else {
                ObjectNode picked = out.addObject();
                for (Map.Entry<String, JsonNode> e : w.properties()) {
                    if (fields.contains(e.getKey())) {
                        picked.set(e.getKey(), e.getValue());
                    }
                }
            }
        }
        return new Page(out, kept.size());
    }

    private static boolean isNull(JsonNode v) {
        return v == null || v.isNull();
    }

    private static int compare(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.asDouble(), b.asDouble());
        }
        if (a.isTextual() && b.isTextual() && DAYS.contains(a.asText()) && DAYS.contains(b.asText())) {
            return Integer.compare(DAYS.indexOf(a.asText()), DAYS.indexOf(b.asText()));
        }
        return a.asText().compareTo(b.asText());
    }

    private static String text(Function<String, String> param, String name, String dflt) {
        String v = param.apply(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    private static int integer(String name, String text, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, name + " '" + text + "' is not an integer", "an integer in " + min + ".."
                    + max);
        }
        if (v < min || v > max) {
            throw ApiException.invalid(name, name + " " + v + " is out of range", "an integer in " + min + ".." + max);
        }
        return v;
    }

    private static Set<String> list(String name, String text, List<String> allowed) {
        Set<String> out = new LinkedHashSet<>();
        for (String item : text.split(",", -1)) {
            String v = item.trim();
            if (!allowed.contains(v)) {
                throw ApiException.invalid(name, "unknown value '" + v + "' in " + name,
                        "a comma-separated subset of " + String.join(", ", allowed));
            }
            out.add(v);
        }
        return out;
    }
}
