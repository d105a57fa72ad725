package io.revertiq.engine.cell;

import java.time.LocalDate;

/**
 * One walk-forward fold of one cell: its day ranges (indices into the horizon's trading days, end exclusive;
 * dates inclusive) and the grid set it chose in-sample, all null when no set had enough train trades.
 */
public record FoldChoice(int fold, int trainFrom, int trainTo, int testFrom, int testTo,
                         LocalDate trainStart, LocalDate trainEnd, LocalDate testStart, LocalDate testEnd,
                         Double entryBand, Double exitBand, Integer holdCapMin, Double inSampleSharpe,
                         int testTrades) {

    public boolean chose() {
        return entryBand != null;
    }
}
