package io.revertiq.engine.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SelectionTest {
    @Test
    void everyRankIsTheValueASortedCopyHoldsThere() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + rng.nextInt(200);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                int kind = rng.nextInt(10);
                // few distinct values (ties), signed zeros and NaN besides continuous ones
                values[i] = kind == 0 ? 0.0 : kind == 1 ? -0.0 : kind == 2 ? Double.NaN : kind < 6
                        ? rng.nextInt(5) - 2 : rng.nextDouble() * 10 - 5;
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int k = rng.nextInt(n);
            double[] work = values.clone();
            double selected = Selection.select(work, n, k);
            assertEquals(Double.doubleToRawLongBits(sorted[k]), Double.doubleToRawLongBits(selected), "rank " + k);
            if (k + 1 < n) {
                double next = Selection.minFrom(work, k + 1, n);
                assertEquals(Double.doubleToRawLongBits(sorted[k + 1]), Double.doubleToRawLongBits(next));
            }
            Arrays.sort(work);
            assertEquals(Arrays.toString(sorted), Arrays.toString(work), "selection only reorders");
        }
    }

    @Test
    void aRankOutsideTheRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Selection.select(new double[] {1, 2}, 2, 2));
    }
}
