package io.revertiq.engine.cell;

/**
 * Per-cell OU half-life (section 6): OLS of dz_t = a + b z_{t-1} over consecutive bar pairs that both lie in
 * the cell's bin on the same day with both z defined; theta = -ln(1+b) per bar, half-life = ln2/theta x bar
 * minutes. Null when b &gt;= 0 (no reversion), b &lt;= -1 (ln undefined: the fit overshoots within one bar),
 * or fewer than 3 pairs / no variation in z_{t-1}.
 */
public final class CellHalfLife {
    private CellHalfLife() {
    }

    public static Double of(CellSlice s) {
        int pairs = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 1; i < s.size(); i++) {
            if (s.dayIndex[i] != s.dayIndex[i - 1] || !s.inBin(i) || !s.inBin(i - 1)) {
                continue;
            }
            double x = s.z[i - 1];
            double y = s.z[i] - x;
            if (Double.isNaN(x) || Double.isNaN(y)) {
                continue;
            }
            pairs++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        if (pairs < 3) {
            return null;
        }
        double vx = sxx - sx * sx / pairs;
        if (!(vx > 0)) {
            return null;
        }
        double b = (sxy - sx * sy / pairs) / vx;
        if (!(b < 0 && b > -1)) {
            return null;
        }
        return Math.log(2) / -Math.log1p(b) * s.barMinutes;
    }
}
