package io.revertiq.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The v1 analyze request of {@code revertiq run} (a picocli mixin): an optional base request file, then one option
 * per request field. Only what is given goes into the request, so the server's defaults apply to the rest and the
 * server alone validates; its error names the request field, which {@link #optionOf} turns back into the option.
 */
final class RequestOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--request", paramLabel = "FILE", description = "A v1 request JSON to start from; the options below override its fields.")
    Path requestFile;
    @Option(names = "--interval", paramLabel = "1m|5m|15m|30m|60m", description = "Bar interval (default 1m).")
    String interval;
    @Option(names = "--extended-hours", description = "Keep bars outside regular trading hours.")
    boolean extendedHours;
    @Option(names = "--windows", paramLabel = "SPEC", description = "Windows HH:MM-HH:MM/W[/S] (default 09:45-16:00/30m).")
    String windows;
    @Option(names = "--days", split = ",", paramLabel = "DAY", description = "Days of week, e.g. MON,TUE (default MON..FRI).")
    List<String> days;
    @Option(names = "--detrend", paramLabel = "sma|ema|vwap", description = "Detrending of the z-score (default sma).")
    String detrend;
    @Option(names = "--detrend-lookback", paramLabel = "BARS", description = "Detrending lookback (default 20).")
    Integer detrendLookback;
    @Option(names = "--zscore", paramLabel = "std|ewm", description = "Volatility of the z-score (default std).")
    String zscore;
    @Option(names = "--zscore-lookback", paramLabel = "BARS", description = "Volatility lookback (default 20).")
    Integer zscoreLookback;
    @Option(names = "--session-reset", description = "Restart the z-score every session.")
    boolean sessionReset;
    @Option(names = "--entry", split = ",", paramLabel = "Z", description = "Entry bands, e.g. --entry=-2.5,-2,-1.5 (the default).")
    List<Double> entry;
    @Option(names = "--exit", split = ",", paramLabel = "Z", description = "Exit bands, e.g. --exit=-0.5,0 (the default).")
    List<Double> exit;
    @Option(names = "--hold", split = ",", paramLabel = "MIN", description = "Hold caps in minutes, e.g. 30,60,120 (the default).")
    List<Integer> hold;
    @Option(names = "--side", paramLabel = "long_only|short_only|both", description = "Trade side (default long_only).")
    String side;
    @Option(names = "--spread-bp", paramLabel = "BP", description = "Spread cost per round trip (default 0.5).")
    Double spreadBp;
    @Option(names = "--slippage-bp", paramLabel = "BP", description = "Slippage per round trip (default 0.8).")
    Double slippageBp;
    @Option(names = "--fee-bp", paramLabel = "BP", description = "Fees per round trip (default 0.2).")
    Double feeBp;
    @Option(names = "--train-days", paramLabel = "DAYS", description = "Walk-forward train days (default 120).")
    Integer trainDays;
    @Option(names = "--test-days", paramLabel = "DAYS", description = "Walk-forward test days (default 30).")
    Integer testDays;
    @Option(names = "--step-days", paramLabel = "DAYS", description = "Walk-forward step days (default 30).")
    Integer stepDays;
    @Option(names = "--fdr-alpha", paramLabel = "ALPHA", description = "FDR level (default 0.10).")
    Double fdrAlpha;
    @Option(names = "--min-trades", paramLabel = "N", description = "Fewest OOS trades of a tested window (default 50).")
    Integer minTrades;
    @Option(names = "--bootstrap", paramLabel = "N", description = "Bootstrap samples (default 10000).")
    Integer bootstrap;
    @Option(names = "--rank-by", paramLabel = "METRIC", description = "oos_sharpe (default), oos_ret_per_trade_bp, hit_rate, n_trades, cost_break_even_bp.")
    String rankBy;
    @Option(names = "--explain", description = "Add the plain-English narrative to the result.")
    boolean explain;

    /** Request field -> the option that sets it, for naming the option in an error about the field. */
    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("ticker", "TICKER");
        OPTIONS.put("horizon.start", "--from");
        OPTIONS.put("horizon.end", "--to");
        OPTIONS.put("horizon", "--from/--to");
        OPTIONS.put("bar.interval", "--interval");
        OPTIONS.put("bar.rth_only", "--extended-hours");
        OPTIONS.put("windows.spec", "--windows");
        OPTIONS.put("windows.days", "--days");
        OPTIONS.put("signal.detrend.method", "--detrend");
        OPTIONS.put("signal.detrend.lookback", "--detrend-lookback");
        OPTIONS.put("signal.zscore.method", "--zscore");
        OPTIONS.put("signal.zscore.lookback", "--zscore-lookback");
        OPTIONS.put("signal.session_reset", "--session-reset");
        OPTIONS.put("params.entry_grid", "--entry");
        OPTIONS.put("params.exit_grid", "--exit");
        OPTIONS.put("params.hold_grid_min", "--hold");
        OPTIONS.put("params.side", "--side");
        OPTIONS.put("costs.spread_bp", "--spread-bp");
        OPTIONS.put("costs.slippage_bp", "--slippage-bp");
        OPTIONS.put("costs.fee_bp", "--fee-bp");
        OPTIONS.put("walk_forward.train_days", "--train-days");
        OPTIONS.put("walk_forward.test_days", "--test-days");
        OPTIONS.put("walk_forward.step_days", "--step-days");
        OPTIONS.put("significance.fdr_alpha", "--fdr-alpha");
        OPTIONS.put("significance.min_trades", "--min-trades");
        OPTIONS.put("significance.bootstrap_samples", "--bootstrap");
        OPTIONS.put("output.rank_by", "--rank-by");
        OPTIONS.put("output.explain", "--explain");
    }

    /** The request: the base file's (if any) with every given option set on it. */
    ObjectNode toJson(String ticker, String from, String to) throws IOException {
        ObjectNode request = base();
        request.put("ticker", ticker);
        object(request, "horizon").put("start", from).put("end", to);
        if (interval != null) {
            object(request, "bar").put("interval", interval);
        }
        if (extendedHours) {
            object(request, "bar").put("rth_only", false);
        }
        if (windows != null) {
            object(request, "windows").put("spec", windows);
        }
        if (days != null) {
            ArrayNode list = object(request, "windows").putArray("days");
            days.forEach(list::add);
        }
        ObjectNode signal = request.has("signal") || detrend != null || detrendLookback != null || zscore != null
                || zscoreLookback != null || sessionReset ? object(request, "signal") : null;
        if (detrend != null) {
            object(signal, "detrend").put("method", detrend);
        }
        if (detrendLookback != null) {
            object(signal, "detrend").put("lookback", detrendLookback);
        }
        if (zscore != null) {
            object(signal, "zscore").put("method", zscore);
        }
        if (zscoreLookback != null) {
            object(signal, "zscore").put("lookback", zscoreLookback);
        }
        if (sessionReset) {
            signal.put("session_reset", true);
        }
        if (entry != null) {
            ArrayNode list = object(request, "params").putArray("entry_grid");
            entry.forEach(list::add);
        }
        if (exit != null) {
            ArrayNode list = object(request, "params").putArray("exit_grid");
            exit.forEach(list::add);
        }
        if (hold != null) {
            ArrayNode list = object(request, "params").putArray("hold_grid_min");
            hold.forEach(list::add);
        }
        if (side != null) {
            object(request, "params").put("side", side);
        }
        putNumber(request, "costs", "spread_bp", spreadBp);
        putNumber(request, "costs", "slippage_bp", slippageBp);
        putNumber(request, "costs", "fee_bp", feeBp);
        putNumber(request, "walk_forward", "train_days", trainDays);
        putNumber(request, "walk_forward", "test_days", testDays);
        putNumber(request, "walk_forward", "step_days", stepDays);
        putNumber(request, "significance", "fdr_alpha", fdrAlpha);
        putNumber(request, "significance", "min_trades", minTrades);
        putNumber(request, "significance", "bootstrap_samples", bootstrap);
        if (rankBy != null) {
            object(request, "output").put("rank_by", rankBy);
        }
        if (explain) {
            object(request, "output").put("explain", true);
        }
        return request;
    }

    /**
     * The option that sets a request field ({@code params.entry_grid[1]} -> {@code --entry}), or {@code --request}
     * for a field only the base file can set; null for an error about the body as a whole.
     */
    static String optionOf(String field) {
        if (field == null || field.isEmpty()) {
            return null;
        }
        String path = field.replaceAll("\\[\\d+]", "");
        for (String prefix = path; ; prefix = prefix.substring(0, prefix.lastIndexOf('.'))) {
            String option = OPTIONS.get(prefix);
            if (option != null) {
                return option;
            }
            if (prefix.indexOf('.') < 0) {
                return "--request";
            }
        }
    }

    private ObjectNode base() throws IOException {
        if (requestFile == null) {
            return JSON.createObjectNode();
        }
        JsonNode root;
        try {
            root = JSON.readTree(requestFile.toFile());
        } catch (java.io.FileNotFoundException | NoSuchFileException e) {
            throw CliFailure.invalid("--request", "no such file: " + requestFile, "check the path");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CliFailure.invalid("--request", requestFile + " is not valid JSON: " + e.getOriginalMessage(),
                    "the file holds one v1 request object");
        }
        if (root == null || !root.isObject()) {
            throw CliFailure.invalid("--request", requestFile + " does not hold a JSON object",
                    "the file holds one v1 request object");
        }
        ObjectNode request = (ObjectNode) root;
        request.remove("async"); // run always submits asynchronously and follows the analysis itself
        return request;
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        JsonNode child = parent.get(name);
        if (child instanceof ObjectNode existing) {
            return existing;
        }
        if (child != null && !child.isNull()) {
            throw CliFailure.invalid(name, "the request file's '" + name + "' is not an object", "fix --request");
        }
        return parent.putObject(name);
    }

    private static void putNumber(ObjectNode request, String section, String field, Number value) {
        if (value instanceof Double d) {
            object(request, section).put(field, d);
        } else if (value instanceof Integer i) {
            object(request, section).put(field, i);
        }
    }
}
