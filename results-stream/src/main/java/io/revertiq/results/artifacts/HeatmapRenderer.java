package io.revertiq.results.artifacts;

import io.revertiq.engine.assembly.AssembledResult.Heatmaps;

/**
 * Renders one heatmap of a result (days of week as rows, bins as columns) as SVG or PNG with the same layout:
 * a title, day and bin labels, every value printed with 2 decimals, grey cells where there is no value and a
 * colour legend. OOS Sharpe uses a diverging scale centred on 0, the other metrics a sequential one. Equal input
 * gives equal bytes.
 */
public final class HeatmapRenderer {
    private HeatmapRenderer() {
    }

    public static String svg(Heatmaps heatmaps, HeatmapMetric metric) {
        return HeatmapSvg.render(new HeatmapLayout(heatmaps, metric));
    }

    public static byte[] png(Heatmaps heatmaps, HeatmapMetric metric) {
        return HeatmapPng.render(new HeatmapLayout(heatmaps, metric));
    }
}
