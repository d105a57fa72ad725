package io.revertiq.engine.assembly;

import io.revertiq.engine.cell.CellResult;

import java.util.List;

/**
 * The analysis-level result built from all cell results: every cell with its FDR outcome, the ranking, pooled
 * statistics, cost sensitivity, heatmaps and notes.
 *
 * @param cells         every cell, ordered by day of week then bin
 * @param windowsRanked the multiple-testing family, ranked (rank 1 first)
 * @param resolvedBins  the bins actually used, "HH:MM-HH:MM"
 */
public record AssembledResult(List<Window> cells, List<Window> windowsRanked, GlobalStats globalStats,
                              List<CostPoint> costSensitivity, Heatmaps heatmaps, List<String> resolvedBins,
                              List<String> notes) {

    /** rank is 1-based within windows_ranked and 0 for cells outside the family; fdrAdjP null outside it. */
    public record Window(int rank, CellResult cell, Double fdrAdjP, boolean significant) {
    }

    /**
     * Pooled over the OOS trades of the family. oosDays = union of the cells' OOS days (the Sharpe's
     * trades-per-year base); shareSignificant = significant / family size (null for an empty family).
     */
    public record GlobalStats(int cellsEvaluated, int cellsInFamily, int cellsInsufficient, int cellsSignificant,
                              Double shareSignificant, int nTrades, Double meanRetPerTradeBp, Double hitRate,
                              Double oosSharpe, Double costBreakEvenBp, int oosDays) {
    }

    /** Pooled OOS result with every trade's cost multiplied by {@code multiplier}. */
    public record CostPoint(double multiplier, Double meanNetBp, Double oosSharpe) {
    }

    /** Rows = days of week, columns = bins; null where a cell has no value. */
    public record Heatmaps(List<Integer> dows, List<String> bins, Double[][] oosSharpe, Double[][] meanAbsRetBp,
                           Double[][] meanVolume) {
    }
}
