package io.revertiq.engine.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Benjamini-Hochberg adjusted p-values (step-up, made monotone, capped at 1), as statsmodels' {@code fdr_bh}. */
public final class BenjaminiHochberg {
    private BenjaminiHochberg() {
    }

    /** Adjusted p-values in the order of {@code p}. */
    public static double[] adjust(double[] p) {
        int m = p.length;
        for (double v : p) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("p-value outside [0, 1]: " + v);
            }
        }
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adj = new double[m];
        double running = 1.0;
        for (int r = m - 1; r >= 0; r--) {
            int i = order[r];
            // p / (rank / m) rather than p * m / rank: the same rounding as statsmodels' ecdf factor
            double raw = p[i] / ((r + 1) / (double) m);
            running = Math.min(running, raw);
            adj[i] = running;
        }
        return adj;
    }
}
