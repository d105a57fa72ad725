package io.revertiq.engine.assembly;

import io.revertiq.engine.assembly.AssembledResult.CostPoint;
import io.revertiq.engine.assembly.AssembledResult.GlobalStats;
import io.revertiq.engine.assembly.AssembledResult.Heatmaps;
import io.revertiq.engine.assembly.AssembledResult.Window;
import io.revertiq.engine.cell.CellResult;
import io.revertiq.engine.cell.CellSlice;
import io.revertiq.engine.cell.FoldChoice;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.request.InvalidArgumentException;
import io.revertiq.engine.stats.BenjaminiHochberg;
import io.revertiq.engine.stats.Moments;
import io.revertiq.engine.stats.Sharpe;
import io.revertiq.engine.windows.Bin;
import io.revertiq.engine.windows.WindowSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the analysis result from cell results (sections 6 and 8). Cells are first put in canonical order
 * (day of week, bin start, bin end), so the output does not depend on the order results arrive in.
 *
 * <p>Family = cells with n >= min_trades. Ranking: significant first, then {@code rank_by} (descending for
 * oos_sharpe, oos_ret_per_trade_bp, hit_rate, n_trades, cost_break_even_bp; ascending for p_value, fdr_adj_p,
 * half_life_min; missing values last), then the canonical order. Heatmaps show every cell's value, insufficient
 * ones included: they are descriptive, not tested.
 */
public final class Assembly {
    public static final double[] COST_MULTIPLIERS = {0, 0.5, 1, 1.5, 2, 3};
    private static final Comparator<CellResult> CANONICAL = Comparator.comparingInt(CellResult::dow)
            .thenComparingInt(CellResult::binStartMin).thenComparingInt(CellResult::binEndMin);

    private Assembly() {
    }

    public static AssembledResult assemble(List<CellResult> results, AnalysisParams params) {
        List<CellResult> cells = new ArrayList<>(results);
        cells.sort(CANONICAL);
        for (int i = 1; i < cells.size(); i++) {
            if (CANONICAL.compare(cells.get(i - 1), cells.get(i)) == 0) {
                throw new IllegalArgumentException("duplicate cell result " + cells.get(i).cellKey());
            }
        }
        Comparator<Window> metric = metric(params.output() == null ? null : params.output().rankBy());
        double alpha = params.significance().fdrAlpha();

        List<CellResult> family = cells.stream().filter(CellResult::sufficient).toList();
        double[] adj = BenjaminiHochberg.adjust(family.stream().mapToDouble(CellResult::pValue).toArray());
        Map<String, Double> adjByKey = new HashMap<>();
        for (int i = 0; i < family.size(); i++) {
            adjByKey.put(family.get(i).cellKey(), adj[i]);
        }
        List<Window> ranked = new ArrayList<>();
        for (CellResult c : family) {
            double a = adjByKey.get(c.cellKey());
            ranked.add(new Window(0, c, a, a <= alpha));
        }
        ranked.sort(Comparator.comparing((Window w) -> !w.significant()).thenComparing(metric)
                .thenComparing(Window::cell, CANONICAL));
        Map<String, Integer> rankByKey = new HashMap<>();
        List<Window> windowsRanked = new ArrayList<>(ranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            Window w = ranked.get(i);
            rankByKey.put(w.cell().cellKey(), i + 1);
            windowsRanked.add(new Window(i + 1, w.cell(), w.fdrAdjP(), w.significant()));
        }
        List<Window> all = new ArrayList<>(cells.size());
        for (CellResult c : cells) {
            Double a = adjByKey.get(c.cellKey());
            all.add(new Window(rankByKey.getOrDefault(c.cellKey(), 0), c, a, a != null && a <= alpha));
        }

        Pool pool = new Pool(family);
        int significant = (int) windowsRanked.stream().filter(Window::significant).count();
        GlobalStats global = new GlobalStats(cells.size(), family.size(), cells.size() - family.size(), significant,
                family.isEmpty() ? null : significant / (double) family.size(), pool.n, pool.meanNet(1),
                pool.hitRate(), pool.sharpe(1), pool.n == 0 ? null : Moments.mean(pool.gross, 0, pool.n),
                pool.days);
        List<CostPoint> costs = new ArrayList<>();
        for (double m : COST_MULTIPLIERS) {
            costs.add(new CostPoint(m, pool.meanNet(m), pool.sharpe(m)));
        }
        List<Bin> bins = WindowSpec.parse(params.windows().spec());
        List<Integer> dows = params.windows().days() == null || params.windows().days().isEmpty()
                ? List.of(1, 2, 3, 4, 5) : params.windows().days().stream().sorted().toList();
        Heatmaps heatmaps = heatmaps(cells, dows, bins);
        List<String> notes = notes(cells, family, windowsRanked, global, params);
        return new AssembledResult(List.copyOf(all), List.copyOf(windowsRanked), global, List.copyOf(costs),
                heatmaps, bins.stream().map(Bin::label).toList(), List.copyOf(notes));
    }

    private static Comparator<Window> metric(String rankBy) {
        String key = rankBy == null ? "oos_sharpe" : rankBy;
        return switch (key) {
            case "oos_sharpe" -> descending(w -> w.cell().oosSharpe());
            case "oos_ret_per_trade_bp" -> descending(w -> w.cell().oosRetPerTradeBp());
            case "hit_rate" -> descending(w -> w.cell().hitRate());
            case "n_trades" -> descending(w -> (double) w.cell().nTrades());
            case "cost_break_even_bp" -> descending(w -> w.cell().costBreakEvenBp());
            case "p_value" -> ascending(w -> w.cell().pValue());
            case "fdr_adj_p" -> ascending(Window::fdrAdjP);
            case "half_life_min" -> ascending(w -> w.cell().halfLifeMin());
            default -> throw new InvalidArgumentException("output.rank_by", "unknown output.rank_by '" + rankBy + "'",
                    "one of oos_sharpe, oos_ret_per_trade_bp, hit_rate, n_trades, cost_break_even_bp, p_value, "
                            + "fdr_adj_p, half_life_min");
        };
    }

    private static Comparator<Window> descending(Function<Window, Double> f) {
        return Comparator.comparing(f, Comparator.nullsLast(Comparator.<Double>reverseOrder()));
    }

    private static Comparator<Window> ascending(Function<Window, Double> f) {
        return Comparator.comparing(f, Comparator.nullsLast(Comparator.<Double>naturalOrder()));
    }

    /** The family's OOS trades concatenated in canonical cell order, and the union of their OOS days. */
    private static final class Pool {
        final int n;
        final double[] gross;
        final double[] cost;
        final int days;
        private final double[] scratch;

        Pool(List<CellResult> family) {
            n = family.stream().mapToInt(c -> c.tradeGrossBp().length).sum();
            gross = new double[n];
            cost = new double[n];
            scratch = new double[n];
            int k = 0;
            int maxDay = 0;
            for (CellResult c : family) {
                System.arraycopy(c.tradeGrossBp(), 0, gross, k, c.tradeGrossBp().length);
                System.arraycopy(c.tradeCostBp(), 0, cost, k, c.tradeCostBp().length);
                k += c.tradeGrossBp().length;
                for (FoldChoice f : c.folds()) {
                    maxDay = Math.max(maxDay, f.testTo());
                }
            }
            boolean[] covered = new boolean[maxDay];
            int d = 0;
            for (CellResult c : family) {
                for (FoldChoice f : c.folds()) {
                    if (!f.chose()) {
                        continue;
                    }
                    for (int day = f.testFrom(); day < f.testTo(); day++) {
                        if (!covered[day]) {
                            covered[day] = true;
                            d++;
                        }
                    }
                }
            }
            days = d;
        }

        private double[] net(double multiplier) {
            for (int i = 0; i < n; i++) {
                scratch[i] = gross[i] - multiplier * cost[i];
            }
            return scratch;
        }

        Double meanNet(double multiplier) {
            return n == 0 ? null : Moments.mean(net(multiplier), 0, n);
        }

        Double sharpe(double multiplier) {
            return Sharpe.annualized(net(multiplier), 0, n, days);
        }

        Double hitRate() {
            if (n == 0) {
                return null;
            }
            double[] r = net(1);
            int hits = 0;
            for (int i = 0; i < n; i++) {
                if (r[i] > 0) {
                    hits++;
                }
            }
            return hits / (double) n;
        }
    }

    private static Heatmaps heatmaps(List<CellResult> cells, List<Integer> dows, List<Bin> bins) {
        Double[][] sharpe = new Double[dows.size()][bins.size()];
        Double[][] absRet = new Double[dows.size()][bins.size()];
        Double[][] volume = new Double[dows.size()][bins.size()];
        for (CellResult c : cells) {
            int r = dows.indexOf(c.dow());
            int col = bins.indexOf(new Bin(c.binStartMin(), c.binEndMin()));
            if (r < 0 || col < 0) {
                continue;
            }
            sharpe[r][col] = c.oosSharpe();
            absRet[r][col] = c.meanAbsRetBp();
            volume[r][col] = c.meanVolume();
        }
        return new Heatmaps(dows, bins.stream().map(Bin::label).toList(), sharpe, absRet, volume);
    }

    private static List<String> notes(List<CellResult> cells, List<CellResult> family, List<Window> ranked,
                                      GlobalStats g, AnalysisParams params) {
        List<String> notes = new ArrayList<>();
        int minTrades = params.significance().minTrades();
        if (!cells.isEmpty() && cells.stream().allMatch(c -> c.folds().isEmpty())) {
            notes.add(String.format(Locale.ROOT, "The horizon has no more trading days than walk_forward.train_days "
                    + "(%d): no out-of-sample test was possible.", params.walkForward().trainDays()));
        }
        if (g.cellsInsufficient() > 0) {
            notes.add(String.format(Locale.ROOT, "%d of %d cells had fewer than %d out-of-sample trades; they are "
                    + "reported as insufficient and left out of the multiple-testing family.",
                    g.cellsInsufficient(), g.cellsEvaluated(), minTrades));
        }
        if (family.isEmpty()) {
            notes.add("No window had enough out-of-sample trades to be tested.");
        } else if (g.cellsSignificant() == 0) {
            notes.add(String.format(Locale.ROOT, "No window is significant at FDR %.2f (%d windows tested).",
                    params.significance().fdrAlpha(), family.size()));
        } else {
            CellResult best = ranked.get(0).cell();
            notes.add(String.format(Locale.ROOT, "%d of %d tested windows are significant at FDR %.2f; the top "
                    + "ranked is %s with %s bp per trade over %d out-of-sample trades.", g.cellsSignificant(),
                    family.size(), params.significance().fdrAlpha(), display(best), fmt(best.oosRetPerTradeBp()),
                    best.nTrades()));
        }
        List<String> drifting = family.stream().filter(CellResult::driftFlag).map(Assembly::display).toList();
        if (!drifting.isEmpty()) {
            notes.add("Drift: the latest period's Sharpe is more than one standard deviation below the median "
                    + "period Sharpe in " + String.join(", ", drifting) + ".");
        }
        if (g.nTrades() > 0 && g.costBreakEvenBp() != null) {
            double meanCost = params.costs().roundTripBp();
            notes.add(String.format(Locale.ROOT, "Pooled out-of-sample trades gain %s bp gross per trade against an "
                    + "assumed round-trip cost of %s bp%s.", fmt(g.costBreakEvenBp()), fmt(meanCost),
                    g.costBreakEvenBp() <= meanCost ? "; costs consume the whole edge" : ""));
        }
        return notes;
    }

    private static String display(CellResult c) {
        return CellSlice.dowName(c.dow()) + " " + new Bin(c.binStartMin(), c.binEndMin()).label();
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }
}
