package io.revertiq.engine.cell;

import io.revertiq.engine.bars.BarSeries;
import io.revertiq.engine.windows.Bin;

import java.util.ArrayList;
import java.util.List;

/** Cuts the z-scored series into one {@link CellSlice} per (day of week x bin). */
public final class CellSlicer {
    private final BarSeries bars;
    private final double[] z;
    private final int[] epochDays;
    /** First bar of each trading day; dayStart[days] = n. */
    private final int[] dayStart;

    /** Indexes the series once; the slicer is read-only afterwards, so threads may share it. */
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

    /** maxHoldMin: the largest hold cap of the grid; bars later than that after the bin are never needed. */
    public CellSlice slice(int dow, Bin bin, int maxHoldMin) {
        int nd = bars.days.length;
        // two passes: count, then fill, so the slice arrays are allocated once at their exact size
        int count = 0;
        for (int d = 0; d < nd; d++) {
            count += dayRange(d, dow, bin, maxHoldMin, null);
        }
        int[] dayIndex = new int[count];
        int[] minute = new int[count];
        double[] close = new double[count];
        double[] zs = new double[count];
        byte[] last = new byte[count];
        double[] volume = new double[count];
        int[] range = new int[2];
        int k = 0;
        for (int d = 0; d < nd; d++) {
            if (dayRange(d, dow, bin, maxHoldMin, range) == 0) {
                continue;
            }
            for (int i = range[0]; i < range[1]; i++, k++) {
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

    /** Bar range [range[0], range[1]) of day d kept for the cell; returns its length (0 when the cell is empty that day). */
    private int dayRange(int d, int dow, Bin bin, int maxHoldMin, int[] range) {
        int lo = dayStart[d];
        int hi = dayStart[d + 1];
        if (lo == hi || bars.dow[lo] != dow) {
            return 0;
        }
        int first = lo;
        while (first < hi && bars.minuteOfDay[first] < bin.start()) {
            first++;
        }
        int lastIn = first - 1;
        while (lastIn + 1 < hi && bars.minuteOfDay[lastIn + 1] < bin.end()) {
            lastIn++;
        }
        if (lastIn < first) {
            return 0;
        }
        int from = first > lo ? first - 1 : first;
        int to = lastIn + 1;
        int horizon = bars.minuteOfDay[lastIn] + maxHoldMin;
        // the bar after the last in-bin bar is always needed: a trade entered there exits no earlier
        while (to < hi && (to == lastIn + 1 || bars.minuteOfDay[to - 1] < horizon)) {
            to++;
        }
        if (range != null) {
            range[0] = from;
            range[1] = to;
        }
        return to - from;
    }
}
