package io.revertiq.engine.cell;

import java.util.List;
import java.util.Map;

/**
 * The out-of-sample evaluation of one cell (the engine side of a window result). fdr_adj_p and significance
 * are the assembly's. The OOS trade columns (gross, cost, entry day index, in entry order) let assembly pool
 * trades and re-score them at other costs.
 */
public record CellResult(
        String cellKey,
        int dow,
        int binStartMin,
        int binEndMin,
        Status status,
        int nTrades,
        Double oosRetPerTradeBp,
        Double hitRate,
        Double oosSharpe,
        Double medianTimeToMeanMin,
        Double halfLifeMin,
        Double costBreakEvenBp,
        Double pValue,
        double[] ci95Bp,
        Double entryBand,
        Double exitBand,
        Integer holdCapMin,
        List<FoldChoice> folds,
        List<Stability.Period> stability,
        boolean driftFlag,
        Map<String, Integer> exitReasons,
        int oosDays,
        double[] tradeGrossBp,
        double[] tradeCostBp,
        int[] tradeDayIndex,
        Double meanAbsRetBp,
        Double meanVolume) {

    public enum Status {
        OK("ok"),
        INSUFFICIENT("insufficient");

        private final String jsonName;

        Status(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /** In the multiple-testing family: enough OOS trades for a p-value. */
    public boolean sufficient() {
        return status == Status.OK;
    }
}
