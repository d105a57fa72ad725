package io.revertiq.engine.cell;

import io.revertiq.engine.bars.BarSeries;
import io.revertiq.engine.windows.Bin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the z-scored series into one {@link CellSlice} per (day of week x bin), and keeps the slices it cut: requests
 * over the same series that differ only in grid, costs, walk-forward or significance (a cost or grid sweep) share
 * their windows, and cutting a W-std request's 60 slices copies about 4 rows per series bar. The kept slices are
 * bounded at {@value #KEPT_ROWS_PER_BAR} rows per series bar (one window set over every weekday), least recently
 * used first out; a slice is read-only, so any number of threads may evaluate one.
 */
public final class CellSlicer {
    static final int KEPT_ROWS_PER_BAR = 4;

    private final BarSeries bars;
    private final double[] z;
    private final int[] epochDays;
    /** First bar of each trading day; dayStart[days] = n. */
    private final int[] dayStart;
    private final long maxKeptRows;
    private final LinkedHashMap<SliceKey, CellSlice> kept = new LinkedHashMap<>(64, 0.75f, true);
    private long keptRows;

    private record SliceKey(int dow, int binStart, int binEnd, int maxHoldMin) {
    }

    /** Indexes the series once; the index is read-only and the kept slices are guarded, so threads may share it. */
    public CellSlicer(BarSeries bars, double[] z) {
        if (z.length != bars.size()) {
            throw new IllegalArgumentException("z and bars differ in length");
        }
        this.bars = bars;
        this.z = z;
        int nd = bars.days.length;
        this.epochDays = new int[nd];
        for (int d = 0; d < nd; d++) {
            epochDays[d] = Math.toIntExact(bars.days[d].toEpochDay());
        }
        this.dayStart = new int[nd + 1];
        int n = bars.size();
        int i = 0;
        for (int d = 0; d < nd; d++) {
            while (i < n && bars.day[i] < d) {
                i++;
            }
            dayStart[d] = i;
        }
        dayStart[nd] = n;
        this.maxKeptRows = (long) KEPT_ROWS_PER_BAR * n;
    }

    /** All cells, dows outer and bins inner. */
    public List<CellSlice> sliceAll(List<Integer> dows, List<Bin> bins, int maxHoldMin) {
        List<CellSlice> out = new ArrayList<>(dows.size() * bins.size());
        for (int dow : dows) {
            for (Bin bin : bins) {
                out.add(slice(dow, bin, maxHoldMin));
            }
        }
        return out;
    }

    /**
     * The slice of one cell, cut on first use and kept while it fits. maxHoldMin: the largest hold cap of the grid;
     * bars later than that after the bin are never needed.
     */
    public CellSlice slice(int dow, Bin bin, int maxHoldMin) {
        SliceKey key = new SliceKey(dow, bin.start(), bin.end(), maxHoldMin);
        synchronized (kept) {
            CellSlice hit = kept.get(key);
            if (hit != null) {
                return hit;
            }
        }
        CellSlice cut = cut(dow, bin, maxHoldMin);
        synchronized (kept) {
            CellSlice raced = kept.putIfAbsent(key, cut);
            if (raced != null) {
                return raced;
            }
            keptRows += cut.size();
            Iterator<Map.Entry<SliceKey, CellSlice>> eldest = kept.entrySet().iterator();
            while (keptRows > maxKeptRows && eldest.hasNext()) {
                keptRows -= eldest.next().getValue().size();
                eldest.remove();
            }
        }
        return cut;
    }

    /** The rows of the slices kept now. */
    long keptRows() {
        synchronized (kept) {
            return keptRows;
        }
    }

    private CellSlice cut(int dow, Bin bin, int maxHoldMin) {
        int nd = bars.days.length;
        // the kept range of every day first, so the slice arrays are allocated once at their exact size
        int[] from = new int[nd];
        int[] to = new int[nd];
        int count = 0;
        for (int d = 0; d < nd; d++) {
            count += dayRange(d, dow, bin, maxHoldMin, from, to);
        }
        int[] dayIndex = new int[count];
        int[] minute = new int[count];
        double[] close = new double[count];
        double[] zs = new double[count];
        byte[] last = new byte[count];
        double[] volume = new double[count];
        int k = 0;
        for (int d = 0; d < nd; d++) {
            for (int i = from[d]; i < to[d]; i++, k++) {
                dayIndex[k] = d;
                minute[k] = bars.minuteOfDay[i];
                close[k] = bars.close[i];
                zs[k] = z[i];
                last[k] = (byte) (bars.isSessionLast(i) ? 1 : 0);
                volume[k] = bars.volume[i];
            }
        }
        return new CellSlice(dow, bin.start(), bin.end(), bars.barMinutes, epochDays, dayIndex, minute, close, zs,
                last, volume);
    }

    /**
     * Sets [from[d], to[d]), the bar range of day d kept for the cell, and returns its length (0 when the cell is
     * empty that day): the bar before the first in-bin bar (the previous z of an entry), the in-bin bars, the bar
     * after the last of them (a trade entered there exits no earlier) and every bar up to maxHoldMin after it. A
     * day's minutes strictly increase (the sessioniser drops duplicates), so each bound is a binary search.
     */
    private int dayRange(int d, int dow, Bin bin, int maxHoldMin, int[] from, int[] to) {
        int lo = dayStart[d];
        int hi = dayStart[d + 1];
        if (lo == hi || bars.dow[lo] != dow) {
            return 0;
        }
        int first = firstAtOrAfter(lo, hi, bin.start());
        int lastIn = firstAtOrAfter(first, hi, bin.end()) - 1;
        if (lastIn < first) {
            return 0;
        }
        int reachesHorizon = firstAtOrAfter(lastIn + 1, hi, bars.minuteOfDay[lastIn] + maxHoldMin);
        from[d] = first > lo ? first - 1 : first;
        to[d] = Math.min(hi, reachesHorizon + 1);
        return to[d] - from[d];
    }

    /** The first bar in [lo, hi) whose minute of day is at least {@code minute}; hi when there is none. */
    private int firstAtOrAfter(int lo, int hi, int minute) {
        int a = lo;
        int b = hi;
        while (a < b) {
            int mid = (a + b) >>> 1;
            if (bars.minuteOfDay[mid] < minute) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        return a;
    }
}
