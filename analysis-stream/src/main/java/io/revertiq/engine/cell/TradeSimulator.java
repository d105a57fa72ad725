package io.revertiq.engine.cell;

import io.revertiq.engine.request.AnalysisParams.Side;

/**
 * Bars-mode trades of one parameter set in one cell (section 4).
 *
 * <ul>
 *   <li>Entry at the close of an in-bin bar t when flat and z_t &lt;= e (long) or z_t &gt;= -e (short). For
 *       {@code BOTH} the long test runs first; with e &lt; 0 the two cannot both hold.</li>
 *   <li>No entry at the last bar of a session: the position could not be closed without holding overnight.</li>
 *   <li>Exit at the first later bar s with z_s &gt;= x (long; short: z_s &lt;= -x), minutes(s - t) &gt;= H, or s
 *       the session's last bar; precedence on ties is {@link ExitReason} order (mean, time, session_end).</li>
 *   <li>NaN z never enters and never triggers a mean exit (NaN comparisons are false).</li>
 *   <li>The next entry is at a bar after the exit bar.</li>
 * </ul>
 */
public final class TradeSimulator {
    private TradeSimulator() {
    }

    /** Replaces the contents of {@code out} with the trades of set (entry, exit, holdMin). */
    public static void simulate(CellSlice s, Side side, double entry, double exit, int holdMin, double costBp,
                                Trades out) {
        out.clear();
        out.ensureCapacity(s.size());
        boolean longs = side != Side.SHORT_ONLY;
        boolean shorts = side != Side.LONG_ONLY;
        double[] z = s.z;
        double[] close = s.close;
        int[] minute = s.minuteOfDay;
        int n = s.size();
        // only in-bin bars can enter: hop from one to the next (most of a slice is the hold cap after the bin)
        int i = s.nextInBin(0);
        while (i < n) {
            if (s.sessionLast[i] == 1) {
                i = s.nextInBin(i + 1);
                continue;
            }
            double zi = z[i];
            int dir = longs && zi <= entry ? 1 : shorts && zi >= -entry ? -1 : 0;
            if (dir == 0) {
                i = s.nextInBin(i + 1);
                continue;
            }
            if (s.lastOfDayInSlice(i)) {
                throw new IllegalArgumentException("slice ends a day at an in-bin bar that is not the session's last");
            }
            int exitBar = -1;
            ExitReason why = null;
            for (int j = i + 1; j < n; j++) {
                double zj = z[j];
                if (dir > 0 ? zj >= exit : zj <= -exit) {
                    why = ExitReason.MEAN;
                } else if (minute[j] - minute[i] >= holdMin) {
                    why = ExitReason.TIME;
                } else if (s.sessionLast[j] == 1) {
                    why = ExitReason.SESSION_END;
                } else if (s.lastOfDayInSlice(j)) {
                    throw new IllegalArgumentException("slice cut a session before the hold cap " + holdMin
                            + " min (day " + s.dayIndex[j] + "); it was built for a smaller cap");
                }
                if (why != null) {
                    exitBar = j;
                    break;
                }
            }
            double gross = 1e4 * dir * (close[exitBar] - close[i]) / close[i];
            out.add(s.dayIndex[i], minute[exitBar] - minute[i], why, gross, costBp);
            i = s.nextInBin(exitBar + 1);
        }
    }
}
