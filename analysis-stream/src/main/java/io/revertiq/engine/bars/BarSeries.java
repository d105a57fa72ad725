package io.revertiq.engine.bars;

import java.time.LocalDate;

/**
 * The kept bars of one analysis after sessionisation, as parallel primitive arrays in time order
 * (section 1 of the analysis contract). Index i is one bar; {@code day[i]} indexes {@link #days}.
 *
 * <p>{@code days} are the trading days of the horizon that hold at least one kept bar; walk-forward folds,
 * trades-per-year and stability periods count over them.
 */
public final class BarSeries {
    /** Bar start, UTC epoch milliseconds. */
    public final long[] t;
    public final double[] open;
    public final double[] high;
    public final double[] low;
    public final double[] close;
    public final double[] volume;
    /** Bar VWAP; NaN where the source had none. */
    public final double[] vwap;
    /** Index into {@link #days} of the exchange date of each bar. */
    public final int[] day;
    /** Bar start in exchange time (America/New_York), minutes after midnight. */
    public final int[] minuteOfDay;
    /** ISO day of week of each bar, 1 = Monday .. 5 = Friday. */
    public final int[] dow;
    /** Exchange dates of the trading days, ascending. */
    public final LocalDate[] days;
    /** Bar width in minutes (1, 5, 15, 30 or 60). */
    public final int barMinutes;

    public BarSeries(long[] t, double[] open, double[] high, double[] low, double[] close, double[] volume,
                     double[] vwap, int[] day, int[] minuteOfDay, int[] dow, LocalDate[] days, int barMinutes) {
        int n = t.length;
        if (open.length != n || high.length != n || low.length != n || close.length != n || volume.length != n
                || vwap.length != n || day.length != n || minuteOfDay.length != n || dow.length != n) {
            throw new IllegalArgumentException("bar arrays differ in length");
        }
        this.t = t;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
        this.vwap = vwap;
        this.day = day;
        this.minuteOfDay = minuteOfDay;
        this.dow = dow;
        this.days = days;
        this.barMinutes = barMinutes;
    }

    public int size() {
        return t.length;
    }

    /** True when bar i is the last kept bar of its trading day (trades never hold past it). */
    public boolean isSessionLast(int i) {
        return i == t.length - 1 || day[i + 1] != day[i];
    }
}
