package io.revertiq.engine.request;

import java.time.LocalDate;
import java.util.List;

/**
 * One analyze request with every default resolved: the engine's whole input besides the bars.
 * Field names mirror the v1 API request ({@code ticker, horizon, bar, windows, signal, params, costs,
 * walk_forward, significance, output}).
 */
public record AnalysisParams(
        String ticker,
        Horizon horizon,
        Bar bar,
        Windows windows,
        Signal signal,
        Grid params,
        Costs costs,
        WalkForwardSpec walkForward,
        Significance significance,
        Output output) {

    public record Horizon(LocalDate start, LocalDate end) {
    }

    /** interval: 1m 5m 15m 30m 60m. */
    public record Bar(String interval, int minutes, boolean rthOnly, boolean adjusted) {
    }

    /** spec: HH:MM-HH:MM/W[/S]; days: ISO days of week 1..5 to analyse. */
    public record Windows(String spec, List<Integer> days) {
    }

    public enum Detrend { SMA, EMA, VWAP }

    public enum Volatility { STD, EWM }

    public record Signal(Detrend detrend, int detrendLookback, Volatility zscore, int zscoreLookback,
                         boolean sessionReset) {
    }

    public enum Side { LONG_ONLY, SHORT_ONLY, BOTH }

    public record Grid(double[] entryGrid, double[] exitGrid, int[] holdGridMin, Side side) {
    }

    public record Costs(String mode, double spreadBp, double slippageBp, double feeBp) {
        /** Round-trip cost c of one trade in basis points (bars mode). */
        public double roundTripBp() {
            return spreadBp + slippageBp + feeBp;
        }
    }

    public record WalkForwardSpec(int trainDays, int testDays, int stepDays) {
    }

    public record Significance(double fdrAlpha, int minTrades, int bootstrapSamples) {
    }

    public record Output(String rankBy, boolean explain) {
    }
}
