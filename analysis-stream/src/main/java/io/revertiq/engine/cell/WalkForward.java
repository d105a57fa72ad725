package io.revertiq.engine.cell;

import io.revertiq.engine.request.AnalysisParams.Grid;
import io.revertiq.engine.request.AnalysisParams.WalkForwardSpec;
import io.revertiq.engine.request.InvalidArgumentException;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Walk-forward selection over the grid (section 5).
 *
 * <p>Trades never cross a session, so every grid set is simulated once over the whole slice and reduced to
 * per-day prefix sums of count, net and net squared; each fold's in-sample statistics then cost O(1) per set.
 * Grid order is entry (outer) x exit x hold (inner). A set qualifies with at least {@link #MIN_TRAIN_TRADES}
 * train trades and a positive sample variance (a zero-variance record has no Sharpe); the in-sample Sharpe is
 * per trade (mean/std, ddof=1, not annualised). Ties: higher mean, then earlier grid order.
 *
 * <p>Not thread-safe: one instance per evaluating thread, reused across cells.
 */
public final class WalkForward {
    public static final int MIN_TRAIN_TRADES = 10;
    /** Variance below this fraction of the mean square is rounding noise of the prefix differences, not risk. */
    private static final double ZERO_VARIANCE = 1e-12;

    private Trades[] perSet = new Trades[0];
    private int[][] cnt = new int[0][];
    private double[][] sum = new double[0][];
    private double[][] sq = new double[0][];

    public static void validate(WalkForwardSpec spec) {
        if (spec.trainDays() < 1) {
            throw new InvalidArgumentException("walk_forward.train_days", "walk_forward.train_days must be >= 1",
                    "e.g. 120");
        }
        if (spec.testDays() < 1) {
            throw new InvalidArgumentException("walk_forward.test_days", "walk_forward.test_days must be >= 1",
                    "e.g. 30");
        }
        if (spec.stepDays() < spec.testDays()) {
            throw new InvalidArgumentException("walk_forward.step_days", "walk_forward.step_days ("
                    + spec.stepDays() + ") is smaller than test_days (" + spec.testDays()
                    + "): test slices would overlap", "use step_days >= test_days, e.g. step_days = test_days");
        }
    }

    /** Folds while the test slice [f*step + train, ...) starts inside the N days. */
    public static int foldCount(int nDays, WalkForwardSpec spec) {
        validate(spec);
        int room = nDays - spec.trainDays();
        return room <= 0 ? 0 : (room + spec.stepDays() - 1) / spec.stepDays();
    }

    /** Clears {@code oos} and fills it with the out-of-sample trades in entry order; returns every fold. */
    public List<FoldChoice> run(CellSlice slice, Grid grid, double costBp, WalkForwardSpec spec, Trades oos) {
        int nDays = slice.horizonEpochDays.length;
        int folds = foldCount(nDays, spec);
        int nx = grid.exitGrid().length;
        int nh = grid.holdGridMin().length;
        int sets = grid.entryGrid().length * nx * nh;
        prepare(sets, nDays, slice.size());
        for (int g = 0; g < sets; g++) {
            TradeSimulator.simulate(slice, grid.side(), grid.entryGrid()[g / (nx * nh)], grid.exitGrid()[(g / nh) % nx],
                    grid.holdGridMin()[g % nh], costBp, perSet[g]);
            prefix(perSet[g], cnt[g], sum[g], sq[g], nDays);
        }
        oos.clear();
        List<FoldChoice> out = new ArrayList<>(folds);
        for (int f = 0; f < folds; f++) {
            int trainFrom = f * spec.stepDays();
            int trainTo = trainFrom + spec.trainDays();
            int testTo = Math.min(trainTo + spec.testDays(), nDays);
            int best = -1;
            double bestSharpe = 0;
            double bestMean = 0;
            for (int g = 0; g < sets; g++) {
                int n = cnt[g][trainTo] - cnt[g][trainFrom];
                if (n < MIN_TRAIN_TRADES) {
                    continue;
                }
                double s = sum[g][trainTo] - sum[g][trainFrom];
                double q = sq[g][trainTo] - sq[g][trainFrom];
                double mean = s / n;
                double var = (q - s * mean) / (n - 1);
                if (!(var > ZERO_VARIANCE * q / n)) {
                    continue;
                }
                double sharpe = mean / Math.sqrt(var);
                if (best < 0 || sharpe > bestSharpe || (sharpe == bestSharpe && mean > bestMean)) {
                    best = g;
                    bestSharpe = sharpe;
                    bestMean = mean;
                }
            }
            LocalDate trainStart = date(slice, trainFrom);
            LocalDate trainEnd = date(slice, trainTo - 1);
            LocalDate testStart = date(slice, trainTo);
            LocalDate testEnd = date(slice, testTo - 1);
            if (best < 0) {
                out.add(new FoldChoice(f, trainFrom, trainTo, trainTo, testTo, trainStart, trainEnd, testStart,
                        testEnd, null, null, null, null, 0));
                continue;
            }
            // trades are in entry order, so the count prefix gives the test slice's trade range directly
            int from = cnt[best][trainTo];
            int to = cnt[best][testTo];
            oos.append(perSet[best], from, to);
            out.add(new FoldChoice(f, trainFrom, trainTo, trainTo, testTo, trainStart, trainEnd, testStart, testEnd,
                    grid.entryGrid()[best / (nx * nh)], grid.exitGrid()[(best / nh) % nx],
                    grid.holdGridMin()[best % nh], bestSharpe, to - from));
        }
        return out;
    }

    private void prepare(int sets, int nDays, int sliceBars) {
        if (perSet.length != sets || cnt.length == 0 || cnt[0].length != nDays + 1) {
            perSet = new Trades[sets];
            cnt = new int[sets][nDays + 1];
            sum = new double[sets][nDays + 1];
            sq = new double[sets][nDays + 1];
            for (int g = 0; g < sets; g++) {
                perSet[g] = new Trades(sliceBars);
            }
        }
    }

    /** cnt/sum/sq[d] = totals over trades entered on days before d. */
    private static void prefix(Trades t, int[] cnt, double[] sum, double[] sq, int nDays) {
        int k = 0;
        int c = 0;
        double s = 0;
        double q = 0;
        for (int d = 0; d <= nDays; d++) {
            cnt[d] = c;
            sum[d] = s;
            sq[d] = q;
            while (k < t.size() && t.entryDay(k) == d) {
                double r = t.netBp(k);
                c++;
                s += r;
                q += r * r;
                k++;
            }
        }
    }

    private static LocalDate date(CellSlice s, int day) {
        return LocalDate.ofEpochDay(s.horizonEpochDays[day]);
    }
}
