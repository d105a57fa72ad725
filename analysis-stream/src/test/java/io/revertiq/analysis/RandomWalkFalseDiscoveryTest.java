package io.revertiq.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.engine.assembly.AssembledResult;
import io.revertiq.engine.assembly.AssembledResult.GlobalStats;
import io.revertiq.engine.assembly.AssembledResult.Window;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.synthetic.SyntheticMarket;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Property: on a market with no edge anywhere, the engine's whole multiple-testing chain (walk-forward selection,
 * bootstrap p-value, Benjamini-Hochberg) finds "something significant" in at most about fdr_alpha of the runs.
 *
 * <p>Why costs are 0: the synthetic log price is a driftless random walk, so the close is (up to the e^{sigma^2/2}
 * convexity term, below 0.1 bp per trade here) a martingale. Every simulated trade is a bounded stopping rule
 * (exit at the band, the hold cap or the session end), so by optional stopping its expected gross return is 0
 * whatever the bands; walk-forward picks the bands on train days only, so the OOS trades keep mean 0. With zero
 * costs the net mean therefore sits exactly on the H0 boundary "mean net return = 0": every tested cell is a true
 * null, and under this complete null the BH false discovery rate is P(any rejection), which must be <= fdr_alpha.
 * Any positive cost would push the truth strictly inside H0 and make the property vacuous.
 *
 * <p>Why the exit band is far (z >= 3) with short hold caps: trades then end on the time cap and their returns are
 * symmetric, the setting in which the contract's bootstrap (section 6: centred percentile bootstrap of the mean) is
 * calibrated. Reverting exits (exit at z >= 0, long caps) give the typical mean-reversion payoff of many small wins
 * and a few large losses (skewness about -1.6); with ~80 trades per cell the contract's bootstrap then rejects a
 * true null too often (measured: raw p <= 0.05 in 8.4% of 900 null cells, a discovery in 25% of 60 runs at
 * fdr_alpha 0.10). The implementation matches the contract there (a Student t-test on the same trades shows the
 * same excess: 7.8%), so that is a property of the specified test, documented by {@link #skewedTradesKnownExcess}.
 */
class RandomWalkFalseDiscoveryTest {
    private static final int SEEDS = 60;
    private static final double ALPHA = 0.10;

    static String request(String exitGrid, String holdGrid) {
        return "{\"ticker\":\"RW\",\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2024-12-31\"},"
                + "\"bar\":{\"interval\":\"1m\"},\"windows\":{\"spec\":\"10:00-15:00/90m\"},"
                + "\"signal\":{\"detrend\":{\"lookback\":10},\"zscore\":{\"lookback\":20}},"
                + "\"params\":{\"entry_grid\":[-2.0,-1.5],\"exit_grid\":" + exitGrid + ",\"hold_grid_min\":" + holdGrid
                + "},\"costs\":{\"spread_bp\":0,\"slippage_bp\":0,\"fee_bp\":0},"
                + "\"walk_forward\":{\"train_days\":60,\"test_days\":20,\"step_days\":20},"
                + "\"significance\":{\"fdr_alpha\":" + ALPHA + ",\"min_trades\":30,\"bootstrap_samples\":1000}}";
    }

    @Test
    void anySignificantCellIsRareOnARandomWalk() {
        Share s = measure(request("[3.0]", "[5,10]"));
        double se = Math.sqrt(ALPHA * (1 - ALPHA) / SEEDS);
        assertTrue(s.runShare() <= ALPHA + 2 * se, "share of runs with any significant cell " + s.runShare()
                + " exceeds fdr_alpha + 2 SE = " + (ALPHA + 2 * se));
        // true-null raw p-values are (close to) uniform: about 5% at or below 0.05, binomial 3 SE slack either side
        double slack = 3 * Math.sqrt(0.05 * 0.95 / s.cells());
        assertTrue(Math.abs(s.rawShare05() - 0.05) <= slack, "raw p <= 0.05 share " + s.rawShare05());
        assertTrue(Math.abs(s.meanP() - 0.5) <= 0.05, "mean raw p " + s.meanP());
    }

    /** The contract's bootstrap under skewed (mean-reverting exit) trades; see the class comment. */
    @Test
    @Disabled("known property of the contract's centred percentile bootstrap under skewed per-trade returns: "
            + "measured 25% of runs with a discovery at fdr_alpha 0.10; enable if section 6 moves to a "
            + "skew-robust (e.g. studentized) bootstrap")
    void skewedTradesKnownExcess() {
        Share s = measure(request("[0.0]", "[15,45]"));
        double se = Math.sqrt(ALPHA * (1 - ALPHA) / SEEDS);
        assertTrue(s.runShare() <= ALPHA + 2 * se, "share " + s.runShare());
    }

    private record Share(int runs, int runsWithDiscovery, int cells, double rawShare05, double meanP) {
        double runShare() {
            return runsWithDiscovery / (double) runs;
        }
    }

    private static Share measure(String request) {
        int runsWithDiscovery = 0;
        int cellsTested = 0;
        int rawBelow05 = 0;
        double pSum = 0;
        long t0 = System.nanoTime();
        for (int seed = 1; seed <= SEEDS; seed++) {
            RawBars bars = SyntheticMarket.builder(1000 + seed)
                    .dates(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 12, 31)).barMinutes(1).generate();
            AssembledResult o = EndToEnd.run(bars, request);
            GlobalStats g = o.globalStats();
            assertEquals(15, g.cellsEvaluated(), "10:00-15:00/90m has 3 bins x 5 days");
            // the property only means something when cells are actually tested
            assertTrue(g.cellsInFamily() >= 12, "seed " + seed + ": only " + g.cellsInFamily() + " cells tested");
            if (g.cellsSignificant() > 0) {
                runsWithDiscovery++;
            }
            for (Window w : o.windowsRanked()) {
                cellsTested++;
                double p = w.cell().pValue();
                pSum += p;
                rawBelow05 += p <= 0.05 ? 1 : 0;
            }
        }
        Share s = new Share(SEEDS, runsWithDiscovery, cellsTested, rawBelow05 / (double) cellsTested,
                pSum / cellsTested);
        System.out.printf(Locale.ROOT, "RandomWalkFalseDiscoveryTest: %d/%d runs with a discovery (share %.3f, "
                        + "fdr_alpha %.2f); %d null cells tested, raw p<=0.05 share %.3f, mean p %.3f; %.1f s%n",
                runsWithDiscovery, SEEDS, s.runShare(), ALPHA, cellsTested, s.rawShare05(), s.meanP(),
                (System.nanoTime() - t0) / 1e9);
        return s;
    }
}
