package io.revertiq.analysis.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.request.AnalysisParams.Bar;
import io.revertiq.engine.request.AnalysisParams.Costs;
import io.revertiq.engine.request.AnalysisParams.Detrend;
import io.revertiq.engine.request.AnalysisParams.Grid;
import io.revertiq.engine.request.AnalysisParams.Horizon;
import io.revertiq.engine.request.AnalysisParams.Output;
import io.revertiq.engine.request.AnalysisParams.Side;
import io.revertiq.engine.request.AnalysisParams.Signal;
import io.revertiq.engine.request.AnalysisParams.Significance;
import io.revertiq.engine.request.AnalysisParams.Volatility;
import io.revertiq.engine.request.AnalysisParams.WalkForwardSpec;
import io.revertiq.engine.request.AnalysisParams.Windows;
import io.revertiq.engine.request.InvalidArgumentException;
import io.revertiq.engine.windows.WindowSpec;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parses and validates the v1 analyze request into {@link AnalysisParams}. The request shape, with every default
 * (only {@code ticker} and {@code horizon} are required):
 * <pre>
 * {"ticker":"SPY", "horizon":{"start":"2024-01-02","end":"2025-12-31"},
 *  "bar":{"interval":"1m","rth_only":true,"adjusted":true},
 *  "windows":{"spec":"09:45-16:00/30m","days":["MON","TUE","WED","THU","FRI"]},
 *  "signal":{"detrend":{"method":"sma","lookback":20},"zscore":{"method":"std","lookback":20},"session_reset":false},
 *  "params":{"entry_grid":[-2.5,-2.0,-1.5],"exit_grid":[-0.5,0.0],"hold_grid_min":[30,60,120],"side":"long_only"},
 *  "costs":{"mode":"bars","spread_bp":0.5,"slippage_bp":0.8,"fee_bp":0.2},
 *  "walk_forward":{"train_days":120,"test_days":30,"step_days":30},
 *  "significance":{"fdr_alpha":0.10,"min_trades":50,"bootstrap_samples":10000},
 *  "output":{"rank_by":"oos_sharpe","explain":false}}
 * </pre>
 * Rules, each failing with {@link InvalidArgumentException} naming the dotted field path: unknown fields at any
 * level and wrong JSON types are errors; an explicit JSON null means "use the default"; integers must be JSON
 * integers; enum values are lowercase (days uppercase) and matched exactly; ticker {@code ^[A-Z][A-Z0-9.-]{0,9}$};
 * horizon dates ISO {@code yyyy-MM-dd}, start <= end, inside the calendar coverage; interval 1m 5m 15m 30m 60m;
 * lookbacks 2..10000; grids 1..10 distinct values in the given order (order breaks walk-forward ties): entries
 * < 0, every exit > the largest entry, holds 1..390 minutes; costs >= 0, mode {@code bars} only; train and test
 * days >= 1, step_days >= test_days; fdr_alpha in (0, 0.5]; min_trades >= 30; bootstrap_samples 100..100000;
 * rank_by one of {@link #RANK_BY}; days distinct MON..FRI (resolved sorted). The window spec is only checked to
 * be a non-empty string here; its syntax belongs to the window-spec parser.
 */
public final class RequestParser {

    public static final List<String> RANK_BY =
            List.of("oos_sharpe", "oos_ret_per_trade_bp", "hit_rate", "n_trades", "cost_break_even_bp");

    private static final Pattern TICKER = Pattern.compile("^[A-Z][A-Z0-9.\\-]{0,9}$");
    private static final List<String> INTERVALS = List.of("1m", "5m", "15m", "30m", "60m");
    private static final List<String> DAY_NAMES = List.of("MON", "TUE", "WED", "THU", "FRI");
    private static final int MAX_GRID = 10;
    private static final int MIN_LOOKBACK = 2;
    private static final int MAX_LOOKBACK = 10_000;
    private static final int MAX_HOLD_MIN = 390;
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private RequestParser() {
    }

    public static AnalysisParams parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidArgumentException("", "request is not valid JSON: " + e.getOriginalMessage(),
                    "send one JSON object");
        }
        return parse(root);
    }

    public static AnalysisParams parse(JsonNode root) {
        Obj req = new Obj(root, "", "ticker", "horizon", "bar", "windows", "signal", "params", "costs",
                "walk_forward", "significance", "output");
        String ticker = req.requiredString("ticker");
        if (!TICKER.matcher(ticker).matches()) {
            throw req.invalid("ticker", "ticker '" + ticker + "' is not a valid symbol",
                    "1-10 characters A-Z 0-9 . -, starting with a letter, uppercase");
        }
        return new AnalysisParams(ticker, horizon(req), bar(req.object("bar", "interval", "rth_only", "adjusted")),
                windows(req.object("windows", "spec", "days")),
                signal(req.object("signal", "detrend", "zscore", "session_reset")),
                grid(req.object("params", "entry_grid", "exit_grid", "hold_grid_min", "side")),
                costs(req.object("costs", "mode", "spread_bp", "slippage_bp", "fee_bp")),
                walkForward(req.object("walk_forward", "train_days", "test_days", "step_days")),
                significance(req.object("significance", "fdr_alpha", "min_trades", "bootstrap_samples")),
                output(req.object("output", "rank_by", "explain")));
    }

    private static Horizon horizon(Obj req) {
        if (req.get("horizon") == null) {
            throw req.invalid("horizon", "horizon is required", "{\"start\":\"2024-01-02\",\"end\":\"2024-12-31\"}");
        }
        Obj h = req.object("horizon", "start", "end");
        LocalDate start = date(h, "start");
        LocalDate end = date(h, "end");
        if (start.isAfter(end)) {
            throw h.invalid("end", "horizon end " + end + " is before its start " + start, "swap or fix the dates");
        }
        return new Horizon(start, end);
    }

    private static LocalDate date(Obj h, String name) {
        String text = h.requiredString(name);
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw h.invalid(name, "'" + text + "' is not a date", "use yyyy-MM-dd, an exchange (New York) date");
        }
        if (!NyseCalendar.covers(date)) {
            throw h.invalid(name, "date " + date + " is outside the exchange calendar coverage",
                    "use dates within " + NyseCalendar.FIRST + ".." + NyseCalendar.LAST);
        }
        return date;
    }

    private static Bar bar(Obj b) {
        String interval = b.choice("interval", "1m", INTERVALS);
        int minutes = Integer.parseInt(interval.substring(0, interval.length() - 1));
        return new Bar(interval, minutes, b.bool("rth_only", true), b.bool("adjusted", true));
    }

    private static Windows windows(Obj w) {
        String spec = w.string("spec", "09:45-16:00/30m");
        if (spec.isBlank()) {
            throw w.invalid("spec", "window spec is empty", "HH:MM-HH:MM/W or HH:MM-HH:MM/W/S, e.g. 09:45-16:00/30m");
        }
        WindowSpec.parse(spec); // refuses a malformed spec or more than 40 bins, naming windows.spec
        List<String> names = w.strings("days", DAY_NAMES);
        if (names.isEmpty()) {
            throw w.invalid("days", "no days given", "a subset of " + DAY_NAMES);
        }
        boolean[] seen = new boolean[DAY_NAMES.size()];
        for (int i = 0; i < names.size(); i++) {
            int d = DAY_NAMES.indexOf(names.get(i));
            String field = "days[" + i + "]";
            if (d < 0) {
                throw w.invalid(field, "unknown day '" + names.get(i) + "'", "one of " + DAY_NAMES);
            }
            if (seen[d]) {
                throw w.invalid(field, "day " + names.get(i) + " given twice", "list each day once");
            }
            seen[d] = true;
        }
        List<Integer> days = new ArrayList<>();
        for (int d = 0; d < seen.length; d++) {
            if (seen[d]) {
                days.add(d + 1);
            }
        }
        return new Windows(spec, List.copyOf(days));
    }

    private static Signal signal(Obj s) {
        Obj detrend = s.object("detrend", "method", "lookback");
        Obj zscore = s.object("zscore", "method", "lookback");
        Detrend dm = Detrend.valueOf(upper(detrend.choice("method", "sma", List.of("sma", "ema", "vwap"))));
        int dk = lookback(detrend);
        Volatility zm = Volatility.valueOf(upper(zscore.choice("method", "std", List.of("std", "ewm"))));
        int zk = lookback(zscore);
        return new Signal(dm, dk, zm, zk, s.bool("session_reset", false));
    }

    private static int lookback(Obj o) {
        int k = o.integer("lookback", 20);
        if (k < MIN_LOOKBACK || k > MAX_LOOKBACK) {
            throw o.invalid("lookback", "lookback " + k + " is out of range",
                    "use " + MIN_LOOKBACK + ".." + MAX_LOOKBACK + " bars");
        }
        return k;
    }

    private static Grid grid(Obj p) {
        double[] entries = p.numbers("entry_grid", new double[] {-2.5, -2.0, -1.5});
        double[] exits = p.numbers("exit_grid", new double[] {-0.5, 0.0});
        int[] holds = p.integers("hold_grid_min", new int[] {30, 60, 120});
        double maxEntry = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < entries.length; i++) {
            if (!(entries[i] < 0)) {
                throw p.invalid("entry_grid[" + i + "]", "entry band " + entries[i] + " is not negative",
                        "entry bands are z-scores below 0, e.g. -2.0 (shorts mirror them)");
            }
            maxEntry = Math.max(maxEntry, entries[i]);
        }
        for (int i = 0; i < exits.length; i++) {
            if (!(exits[i] > maxEntry)) {
                throw p.invalid("exit_grid[" + i + "]", "exit band " + exits[i]
                        + " is not above the largest entry band " + maxEntry, "every exit must exceed every entry");
            }
        }
        for (int i = 0; i < holds.length; i++) {
            if (holds[i] < 1 || holds[i] > MAX_HOLD_MIN) {
                throw p.invalid("hold_grid_min[" + i + "]", "hold cap " + holds[i] + " minutes is out of range",
                        "use 1.." + MAX_HOLD_MIN + " minutes (positions never hold overnight)");
            }
        }
        Side side = Side.valueOf(upper(p.choice("side", "long_only", List.of("long_only", "short_only", "both"))));
        return new Grid(entries, exits, holds, side);
    }

    private static Costs costs(Obj c) {
        JsonNode modeNode = c.get("mode");
        if (modeNode != null && modeNode.isTextual() && modeNode.textValue().equals("quotes")) {
            throw c.invalid("mode", "costs mode 'quotes' is not supported yet",
                    "use \"bars\" with spread_bp/slippage_bp/fee_bp");
        }
        String mode = c.choice("mode", "bars", List.of("bars"));
        return new Costs(mode, cost(c, "spread_bp", 0.5), cost(c, "slippage_bp", 0.8), cost(c, "fee_bp", 0.2));
    }

    private static double cost(Obj c, String name, double dflt) {
        double x = c.number(name, dflt);
        if (x < 0) {
            throw c.invalid(name, name + " " + x + " is negative", "costs are basis points >= 0");
        }
        return x;
    }

    private static WalkForwardSpec walkForward(Obj w) {
        int train = atLeast(w, "train_days", 120, 1);
        int test = atLeast(w, "test_days", 30, 1);
        int step = atLeast(w, "step_days", 30, 1);
        if (step < test) {
            throw w.invalid("step_days", "step_days " + step + " is below test_days " + test,
                    "use step_days >= test_days so test slices never overlap");
        }
        return new WalkForwardSpec(train, test, step);
    }

    private static Significance significance(Obj s) {
        double alpha = s.number("fdr_alpha", 0.10);
        if (!(alpha > 0 && alpha <= 0.5)) {
            throw s.invalid("fdr_alpha", "fdr_alpha " + alpha + " is out of range", "use a value in (0, 0.5]");
        }
        int minTrades = atLeast(s, "min_trades", 50, 30);
        int samples = s.integer("bootstrap_samples", 10_000);
        if (samples < 100 || samples > 100_000) {
            throw s.invalid("bootstrap_samples", "bootstrap_samples " + samples + " is out of range",
                    "use 100..100000");
        }
        return new Significance(alpha, minTrades, samples);
    }

    private static Output output(Obj o) {
        return new Output(o.choice("rank_by", "oos_sharpe", RANK_BY), o.bool("explain", false));
    }

    private static int atLeast(Obj o, String name, int dflt, int min) {
        int x = o.integer(name, dflt);
        if (x < min) {
            throw o.invalid(name, name + " " + x + " is below " + min, "use " + min + " or more");
        }
        return x;
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    /**
     * The resolved parameters as deterministic JSON: the request shape with every field present, keys in the
     * order of the class comment, no whitespace, doubles printed by {@link Double#toString}, days sorted. It is
     * the parameter part of the data_hash and the request fingerprint, and parses back to the same parameters.
     */
    public static String canonicalJson(AnalysisParams p) {
        StringBuilder sb = new StringBuilder(512);
        sb.append("{\"ticker\":").append(quote(p.ticker()));
        sb.append(",\"horizon\":{\"start\":").append(quote(p.horizon().start().toString()))
                .append(",\"end\":").append(quote(p.horizon().end().toString())).append('}');
        sb.append(",\"bar\":{\"interval\":").append(quote(p.bar().interval()))
                .append(",\"rth_only\":").append(p.bar().rthOnly())
                .append(",\"adjusted\":").append(p.bar().adjusted()).append('}');
        sb.append(",\"windows\":{\"spec\":").append(quote(p.windows().spec())).append(",\"days\":[");
        List<Integer> days = p.windows().days().stream().sorted().toList();
        for (int i = 0; i < days.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(quote(DAY_NAMES.get(days.get(i) - 1)));
        }
        Signal s = p.signal();
        sb.append("]},\"signal\":{\"detrend\":{\"method\":").append(quote(lower(s.detrend().name())))
                .append(",\"lookback\":").append(s.detrendLookback())
                .append("},\"zscore\":{\"method\":").append(quote(lower(s.zscore().name())))
                .append(",\"lookback\":").append(s.zscoreLookback())
                .append("},\"session_reset\":").append(s.sessionReset()).append('}');
        Grid g = p.params();
        sb.append(",\"params\":{\"entry_grid\":");
        doubles(sb, g.entryGrid());
        sb.append(",\"exit_grid\":");
        doubles(sb, g.exitGrid());
        sb.append(",\"hold_grid_min\":[");
        for (int i = 0; i < g.holdGridMin().length; i++) {
            sb.append(i == 0 ? "" : ",").append(g.holdGridMin()[i]);
        }
        sb.append("],\"side\":").append(quote(lower(g.side().name()))).append('}');
        Costs c = p.costs();
        sb.append(",\"costs\":{\"mode\":").append(quote(c.mode()))
                .append(",\"spread_bp\":").append(c.spreadBp())
                .append(",\"slippage_bp\":").append(c.slippageBp())
                .append(",\"fee_bp\":").append(c.feeBp()).append('}');
        WalkForwardSpec w = p.walkForward();
        sb.append(",\"walk_forward\":{\"train_days\":").append(w.trainDays())
                .append(",\"test_days\":").append(w.testDays())
                .append(",\"step_days\":").append(w.stepDays()).append('}');
        Significance sig = p.significance();
        sb.append(",\"significance\":{\"fdr_alpha\":").append(sig.fdrAlpha())
                .append(",\"min_trades\":").append(sig.minTrades())
                .append(",\"bootstrap_samples\":").append(sig.bootstrapSamples()).append('}');
        sb.append(",\"output\":{\"rank_by\":").append(quote(p.output().rankBy()))
                .append(",\"explain\":").append(p.output().explain()).append("}}");
        return sb.toString();
    }

    private static void doubles(StringBuilder sb, double[] xs) {
        sb.append('[');
        for (int i = 0; i < xs.length; i++) {
            sb.append(i == 0 ? "" : ",").append(Double.toString(xs[i]));
        }
        sb.append(']');
    }

    private static String quote(String s) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + '"';
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** One JSON object of the request with its dotted path; rejects keys it does not know. */
    private static final class Obj {
        private final JsonNode node;
        private final String path;

        Obj(JsonNode node, String path, String... allowed) {
            this.path = path;
            if (node == null) {
                this.node = null;
                return;
            }
            if (!node.isObject()) {
                throw new InvalidArgumentException(path, (path.isEmpty() ? "request" : path) + " must be a JSON object",
                        "see the request shape in the API docs");
            }
            this.node = node;
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!List.of(allowed).contains(name)) {
                    throw invalid(name, "unknown field '" + name + "'", "known fields here: " + String.join(", ", allowed));
                }
            }
        }

        /** The field's value, null when absent or JSON null. */
        JsonNode get(String name) {
            JsonNode v = node == null ? null : node.get(name);
            return v == null || v.isNull() ? null : v;
        }

        String at(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        InvalidArgumentException invalid(String name, String message, String hint) {
            return new InvalidArgumentException(at(name), message, hint);
        }

        Obj object(String name, String... allowed) {
            return new Obj(get(name), at(name), allowed);
        }

        String requiredString(String name) {
            if (get(name) == null) {
                throw invalid(name, at(name) + " is required", "see the request shape in the API docs");
            }
            return string(name, null);
        }

        String string(String name, String dflt) {
            JsonNode v = get(name);
            if (v == null) {
                return dflt;
            }
            if (!v.isTextual()) {
                throw wrongType(name, "a string");
            }
            return v.textValue();
        }

        String choice(String name, String dflt, List<String> allowed) {
            String v = string(name, dflt);
            if (!allowed.contains(v)) {
                throw invalid(name, "unknown value '" + v + "'", "one of " + String.join(", ", allowed));
            }
            return v;
        }

        boolean bool(String name, boolean dflt) {
            JsonNode v = get(name);
            if (v == null) {
                return dflt;
            }
            if (!v.isBoolean()) {
                throw wrongType(name, "true or false");
            }
            return v.booleanValue();
        }

        int integer(String name, int dflt) {
            JsonNode v = get(name);
            return v == null ? dflt : toInt(v, at(name));
        }

        double number(String name, double dflt) {
            JsonNode v = get(name);
            return v == null ? dflt : toDouble(v, at(name));
        }

        double[] numbers(String name, double[] dflt) {
            JsonNode v = array(name);
            if (v == null) {
                return dflt;
            }
            double[] xs = new double[v.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = toDouble(v.get(i), at(name) + "[" + i + "]");
                for (int j = 0; j < i; j++) {
                    if (xs[j] == xs[i]) {
                        throw duplicate(name, i, Double.toString(xs[i]));
                    }
                }
            }
            return xs;
        }

        int[] integers(String name, int[] dflt) {
            JsonNode v = array(name);
            if (v == null) {
                return dflt;
            }
            int[] xs = new int[v.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = toInt(v.get(i), at(name) + "[" + i + "]");
                for (int j = 0; j < i; j++) {
                    if (xs[j] == xs[i]) {
                        throw duplicate(name, i, Integer.toString(xs[i]));
                    }
                }
            }
            return xs;
        }

        List<String> strings(String name, List<String> dflt) {
            JsonNode v = get(name);
            if (v == null) {
                return dflt;
            }
            if (!v.isArray()) {
                throw wrongType(name, "an array of strings");
            }
            List<String> xs = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual()) {
                    throw new InvalidArgumentException(at(name) + "[" + i + "]", "expected a string", "e.g. \"MON\"");
                }
                xs.add(v.get(i).textValue());
            }
            return xs;
        }

        /** A grid: a JSON array of 1..MAX_GRID values. */
        private JsonNode array(String name) {
            JsonNode v = get(name);
            if (v == null) {
                return null;
            }
            if (!v.isArray()) {
                throw wrongType(name, "an array of numbers");
            }
            if (v.isEmpty() || v.size() > MAX_GRID) {
                throw invalid(name, at(name) + " has " + v.size() + " values", "give 1.." + MAX_GRID + " values");
            }
            return v;
        }

        private InvalidArgumentException duplicate(String name, int i, String value) {
            return new InvalidArgumentException(at(name) + "[" + i + "]", "value " + value + " appears twice",
                    "list each grid value once");
        }

        private InvalidArgumentException wrongType(String name, String expected) {
            return invalid(name, at(name) + " must be " + expected, "see the request shape in the API docs");
        }

        private static int toInt(JsonNode v, String field) {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new InvalidArgumentException(field, field + " must be an integer", "e.g. 20");
            }
            return v.intValue();
        }

        private static double toDouble(JsonNode v, String field) {
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw new InvalidArgumentException(field, field + " must be a number", "e.g. -2.0");
            }
            return v.doubleValue();
        }
    }
}
