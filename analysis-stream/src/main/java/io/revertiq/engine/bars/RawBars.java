package io.revertiq.engine.bars;

import java.util.Arrays;

/**
 * Bars as a source delivered them, before sessionisation: parallel primitive arrays in source order
 * (possibly unsorted, with duplicates and off-session bars). {@code t} is the bar start in UTC epoch ms.
 */
public final class RawBars {
    public final long[] t;
    public final double[] open;
    public final double[] high;
    public final double[] low;
    public final double[] close;
    public final double[] volume;
    /** Bar VWAP; NaN where the source had none. */
    public final double[] vwap;

    public RawBars(long[] t, double[] open, double[] high, double[] low, double[] close, double[] volume,
                   double[] vwap) {
        int n = t.length;
        if (open.length != n || high.length != n || low.length != n || close.length != n || volume.length != n
                || vwap.length != n) {
            throw new IllegalArgumentException("bar arrays differ in length");
        }
        this.t = t;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
        this.vwap = vwap;
    }

    public int size() {
        return t.length;
    }

    /** Growable arrays, so readers and generators need not know the bar count up front. */
    public static final class Builder {
        private long[] t;
        private double[] open;
        private double[] high;
        private double[] low;
        private double[] close;
        private double[] volume;
        private double[] vwap;
        private int size;

        public Builder() {
            this(1024);
        }

        public Builder(int initialCapacity) {
            int cap = Math.max(16, initialCapacity);
            t = new long[cap];
            open = new double[cap];
            high = new double[cap];
            low = new double[cap];
            close = new double[cap];
            volume = new double[cap];
            vwap = new double[cap];
        }

        public Builder add(long tMs, double o, double h, double l, double c, double v, double vw) {
            if (size == t.length) {
                grow();
            }
            t[size] = tMs;
            open[size] = o;
            high[size] = h;
            low[size] = l;
            close[size] = c;
            volume[size] = v;
            vwap[size] = vw;
            size++;
            return this;
        }

        public RawBars build() {
            return new RawBars(Arrays.copyOf(t, size), Arrays.copyOf(open, size), Arrays.copyOf(high, size),
                    Arrays.copyOf(low, size), Arrays.copyOf(close, size), Arrays.copyOf(volume, size),
                    Arrays.copyOf(vwap, size));
        }

        private void grow() {
            int cap = t.length * 2;
            t = Arrays.copyOf(t, cap);
            open = Arrays.copyOf(open, cap);
            high = Arrays.copyOf(high, cap);
            low = Arrays.copyOf(low, cap);
            close = Arrays.copyOf(close, cap);
            volume = Arrays.copyOf(volume, cap);
            vwap = Arrays.copyOf(vwap, cap);
        }
    }
}
