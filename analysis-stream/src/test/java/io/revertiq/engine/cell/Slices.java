package io.revertiq.engine.cell;

import java.util.ArrayList;
import java.util.List;

/** Builds crafted {@link CellSlice}s day by day for tests. Days are epoch days 19000 + index. */
final class Slices {
    private final int binStart;
    private final int binEnd;
    private final int barMinutes;
    private final int nDays;
    private final List<int[]> ints = new ArrayList<>();
    private final List<double[]> doubles = new ArrayList<>();

    Slices(int binStart, int binEnd, int barMinutes, int nDays) {
        this.binStart = binStart;
        this.binEnd = binEnd;
        this.barMinutes = barMinutes;
        this.nDays = nDays;
    }

    /** One day's bars: minutes, closes, z; the last bar is marked as the session's last when sessionEnds. */
    Slices day(int dayIndex, int[] minutes, double[] closes, double[] z, boolean sessionEnds) {
        for (int i = 0; i < minutes.length; i++) {
            ints.add(new int[] {dayIndex, minutes[i], i == minutes.length - 1 && sessionEnds ? 1 : 0});
            doubles.add(new double[] {closes[i], z[i]});
        }
        return this;
    }

    CellSlice build() {
        int n = ints.size();
        int[] day = new int[n];
        int[] minute = new int[n];
        double[] close = new double[n];
        double[] z = new double[n];
        byte[] last = new byte[n];
        double[] volume = new double[n];
        for (int i = 0; i < n; i++) {
            day[i] = ints.get(i)[0];
            minute[i] = ints.get(i)[1];
            last[i] = (byte) ints.get(i)[2];
            close[i] = doubles.get(i)[0];
            z[i] = doubles.get(i)[1];
            volume[i] = 100 * (i + 1);
        }
        int[] epochDays = new int[nDays];
        for (int d = 0; d < nDays; d++) {
            epochDays[d] = 19000 + d;
        }
        return new CellSlice(1, binStart, binEnd, barMinutes, epochDays, day, minute, close, z, last, volume);
    }
}
