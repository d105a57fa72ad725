package io.revertiq.engine.cell;

import java.util.Arrays;

/** A reusable, growable column buffer of trades in entry order; reused across grid sets and cells. */
public final class Trades {
    private int size;
    private int[] entryDay;
    private int[] holdMin;
    private byte[] reason;
    private double[] grossBp;
    private double[] costBp;
    private double[] netBp;

    public Trades(int capacity) {
        int c = Math.max(capacity, 16);
        entryDay = new int[c];
        holdMin = new int[c];
        reason = new byte[c];
        grossBp = new double[c];
        costBp = new double[c];
        netBp = new double[c];
    }

    public void clear() {
        size = 0;
    }

    public void ensureCapacity(int capacity) {
        if (capacity > entryDay.length) {
            int c = Math.max(capacity, entryDay.length * 2);
            entryDay = Arrays.copyOf(entryDay, c);
            holdMin = Arrays.copyOf(holdMin, c);
            reason = Arrays.copyOf(reason, c);
            grossBp = Arrays.copyOf(grossBp, c);
            costBp = Arrays.copyOf(costBp, c);
            netBp = Arrays.copyOf(netBp, c);
        }
    }

    /** The caller has ensured capacity for the whole run, so adding never allocates. */
    void add(int day, int hold, ExitReason why, double gross, double cost) {
        int k = size++;
        entryDay[k] = day;
        holdMin[k] = hold;
        reason[k] = (byte) why.ordinal();
        grossBp[k] = gross;
        costBp[k] = cost;
        netBp[k] = gross - cost;
    }

    /** Appends trades [from, to) of src. */
    public void append(Trades src, int from, int to) {
        int len = to - from;
        ensureCapacity(size + len);
        System.arraycopy(src.entryDay, from, entryDay, size, len);
        System.arraycopy(src.holdMin, from, holdMin, size, len);
        System.arraycopy(src.reason, from, reason, size, len);
        System.arraycopy(src.grossBp, from, grossBp, size, len);
        System.arraycopy(src.costBp, from, costBp, size, len);
        System.arraycopy(src.netBp, from, netBp, size, len);
        size += len;
    }

    public int size() {
        return size;
    }

    public int entryDay(int i) {
        return entryDay[i];
    }

    public int holdMin(int i) {
        return holdMin[i];
    }

    public ExitReason reason(int i) {
        return ExitReason.ofOrdinal(reason[i]);
    }

    public double grossBp(int i) {
        return grossBp[i];
    }

    public double costBp(int i) {
        return costBp[i];
    }

    public double netBp(int i) {
        return netBp[i];
    }

    /** The backing net-return column (valid for [0, size)), for loops that must not copy. */
    public double[] netColumn() {
        return netBp;
    }

    public double[] grossColumn() {
        return grossBp;
    }

    public int[] entryDayColumn() {
        return entryDay;
    }
}
