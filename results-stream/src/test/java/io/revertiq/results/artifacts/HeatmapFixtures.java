package io.revertiq.results.artifacts;

import io.revertiq.engine.assembly.AssembledResult.Heatmaps;
import java.util.List;

/** A 2-day x 3-bin heatmap with positive, negative and missing Sharpe cells. */
final class HeatmapFixtures {
    static final int POSITIVE_ROW = 0;
    static final int POSITIVE_COL = 0;
    static final int NEGATIVE_ROW = 1;
    static final int NEGATIVE_COL = 2;

    private HeatmapFixtures() {
    }

    static Heatmaps small() {
        return new Heatmaps(List.of(1, 3), List.of("09:30-10:00", "10:00-10:30", "10:30-11:00"),
                new Double[][] {{1.5, -0.8, null}, {0.2, Double.NaN, -2.0}},
                new Double[][] {{4.25, 3.1, null}, {2.0, 1.5, 6.75}},
                new Double[][] {{125000.0, 98000.5, null}, {87000.0, 66000.0, 143210.0}});
    }
}
