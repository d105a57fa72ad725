package io.revertiq.engine.cell;

import io.revertiq.engine.diagnostics.Ar1Accumulator;

/**
 * Per-cell OU half-life (section 6): the AR(1) fit of {@link Ar1Accumulator} over consecutive bar pairs that
 * both lie in the cell's bin on the same day. Null when the fit shows no decay towards the mean.
 */
public final class CellHalfLife {
    private CellHalfLife() {
    }

    public static Double of(CellSlice s) {
        Ar1Accumulator fit = new Ar1Accumulator();
        for (int i = 1; i < s.size(); i++) {
            if (s.dayIndex[i] == s.dayIndex[i - 1] && s.inBin(i) && s.inBin(i - 1)) {
                fit.add(s.z[i - 1], s.z[i]);
            }
        }
        double halfLifeBars = fit.halfLifeBars();
        return Double.isFinite(halfLifeBars) ? halfLifeBars * s.barMinutes : null;
    }
}
