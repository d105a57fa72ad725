package io.revertiq.engine.cell;

import io.revertiq.engine.windows.Bin;

/**
 * Everything the evaluation of one (day-of-week x bin) cell needs, as compact parallel arrays (the payload of
 * one cell task). Per trading day with that weekday it holds a contiguous run of series bars: the bar just
 * before the bin (if the session has one), the bars in the bin, and the bars after it up to the first one at
 * least the largest hold cap after the last in-bin bar, or the session end. Trades simulated on a slice are
 * therefore exactly those simulated on the whole series.
 */
public final class CellSlice {
    private static final String[] DOW = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

    public final int dow;
    public final int binStart;
    public final int binEnd;
    public final int barMinutes;
    /** Epoch day of every trading day of the series, in order; {@link #dayIndex} indexes it. */
    public final int[] horizonEpochDays;
    public final int[] dayIndex;
    public final int[] minuteOfDay;
    public final double[] close;
    public final double[] z;
    /** 1 when the bar is the last bar of its session in the whole series. */
    public final byte[] sessionLast;
    public final double[] volume;
    /** nextInBin[i] = the first in-bin bar at or after i (size() when none); nextInBin[size()] = size(). */
    private final int[] nextInBin;

    public CellSlice(int dow, int binStart, int binEnd, int barMinutes, int[] horizonEpochDays, int[] dayIndex,
                     int[] minuteOfDay, double[] close, double[] z, byte[] sessionLast, double[] volume) {
        int n = dayIndex.length;
        if (minuteOfDay.length != n || close.length != n || z.length != n || sessionLast.length != n
                || volume.length != n) {
            throw new IllegalArgumentException("slice arrays differ in length");
        }
        this.dow = dow;
        this.binStart = binStart;
        this.binEnd = binEnd;
        this.barMinutes = barMinutes;
        this.horizonEpochDays = horizonEpochDays;
        this.dayIndex = dayIndex;
        this.minuteOfDay = minuteOfDay;
        this.close = close;
        this.z = z;
        this.sessionLast = sessionLast;
        this.volume = volume;
        this.nextInBin = new int[n + 1];
        nextInBin[n] = n;
        for (int i = n - 1; i >= 0; i--) {
            nextInBin[i] = inBin(i) ? i : nextInBin[i + 1];
        }
    }

    public int size() {
        return dayIndex.length;
    }

    public boolean inBin(int i) {
        return minuteOfDay[i] >= binStart && minuteOfDay[i] < binEnd;
    }

    /** The first in-bin bar at or after bar i (0 &lt;= i &lt;= size()), or size() when there is none. */
    public int nextInBin(int i) {
        return nextInBin[i];
    }

    /** True when bar i is the last bar of its day inside this slice. */
    public boolean lastOfDayInSlice(int i) {
        return i == dayIndex.length - 1 || dayIndex[i + 1] != dayIndex[i];
    }

    public Bin bin() {
        return new Bin(binStart, binEnd);
    }

    /** "MON|09:45-10:15": the cell's key on topics and in seeds. */
    public String cellKey() {
        return cellKey(dow, bin());
    }

    public static String cellKey(int dow, Bin bin) {
        return dowName(dow) + "|" + bin.label();
    }

    public static String dowName(int dow) {
        return DOW[dow - 1];
    }
}
