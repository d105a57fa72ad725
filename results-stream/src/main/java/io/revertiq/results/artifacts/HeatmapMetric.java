package io.revertiq.results.artifacts;

import io.revertiq.engine.assembly.AssembledResult.Heatmaps;
import java.util.function.Function;

/** The three heatmaps of the result (names as in the v1 response's diagnostics.heatmaps). */
public enum HeatmapMetric {
    /** Signed around 0, so a diverging scale keeps losing and winning windows apart. */
    OOS_SHARPE("oos_sharpe", "OOS Sharpe", true, Heatmaps::oosSharpe),
    MEAN_ABS_RET_BP("mean_abs_ret_bp", "Mean |1-bar return| (bp)", false, Heatmaps::meanAbsRetBp),
    MEAN_VOLUME("mean_volume", "Mean volume", false, Heatmaps::meanVolume);

    private final String jsonName;
    private final String label;
    private final boolean diverging;
    private final Function<Heatmaps, Double[][]> values;

    HeatmapMetric(String jsonName, String label, boolean diverging, Function<Heatmaps, Double[][]> values) {
        this.jsonName = jsonName;
        this.label = label;
        this.diverging = diverging;
        this.values = values;
    }

    public String jsonName() {
        return jsonName;
    }

    public String label() {
        return label;
    }

    boolean diverging() {
        return diverging;
    }

    Double[][] values(Heatmaps heatmaps) {
        return values.apply(heatmaps);
    }
}
