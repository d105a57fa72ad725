package io.revertiq.engine.stats;

/**
 * Annualised Sharpe of per-trade returns: mean/std (ddof=1) x sqrt(trades per year), with trades per year =
 * n / (days / 252) over the trading days the trades could have occurred on.
 */
public final class Sharpe {
    public static final double TRADING_DAYS_PER_YEAR = 252.0;

    private Sharpe() {
    }

    /** Over r[from, to); null when fewer than 2 returns, no days, or zero dispersion. */
    public static Double annualized(double[] r, int from, int to, int days) {
        int n = to - from;
        if (n < 2 || days <= 0) {
            return null;
        }
        double mean = Moments.mean(r, from, to);
        double sd = Moments.sd(r, from, to, mean);
        if (!(sd > 0)) {
            return null;
        }
        return mean / sd * Math.sqrt(n / (days / TRADING_DAYS_PER_YEAR));
    }
}
