package io.revertiq.results.artifacts;

import io.revertiq.analysis.io.ResultJson;
import io.revertiq.engine.assembly.AssembledResult.Heatmaps;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything the SVG and the PNG draw, computed once so both have the same layout: texts, colours and pixel
 * geometry. Sizes depend only on the input (text widths are estimated from character counts, not measured with a
 * font), which keeps the SVG independent of the machine's fonts.
 */
final class HeatmapLayout {
    static final int MARGIN = 16;
    static final int TITLE_HEIGHT = 32;
    static final int HEADER_HEIGHT = 22;
    static final int ROW_LABEL_WIDTH = 48;
    static final int CELL_HEIGHT = 30;
    static final int MIN_CELL_WIDTH = 88;
    static final int LEGEND_GAP = 16;
    static final int LEGEND_WIDTH = 240;
    static final int LEGEND_HEIGHT = 12;
    static final int SWATCH_GAP = 24;
    static final int TITLE_FONT = 16;
    static final int LABEL_FONT = 11;
    /** Generous per-character width at LABEL_FONT (DejaVu Sans digits are about 7 px), so values never overflow. */
    private static final int CHAR_WIDTH = 8;
    private static final int TITLE_CHAR_WIDTH = 10;
    static final String NO_VALUE_TEXT = "n/a";
    static final String NO_VALUE_LEGEND = "no value";

    final String title;
    final HeatmapMetric metric;
    final List<String> dows;
    final List<String> bins;
    /** Per cell: the printed value, null where the cell has no value. */
    final String[][] text;
    /** Per cell: the fill colour (RGB). */
    final int[][] fill;
    final ColourScale scale;
    final int cellWidth;

    HeatmapLayout(Heatmaps heatmaps, HeatmapMetric metric) {
        Double[][] values = metric.values(heatmaps);
        int rows = heatmaps.dows().size();
        int cols = heatmaps.bins().size();
        if (values.length != rows) {
            throw new IllegalArgumentException(metric.jsonName() + " has " + values.length + " rows for " + rows + " days");
        }
        this.metric = metric;
        this.title = metric.label() + " by day of week and window";
        this.dows = heatmaps.dows().stream().map(ResultJson::dowName).toList();
        this.bins = List.copyOf(heatmaps.bins());
        List<Double> finite = new ArrayList<>();
        for (Double[] row : values) {
            if (row.length != cols) {
                throw new IllegalArgumentException(metric.jsonName() + " has a row of " + row.length + " for " + cols + " bins");
            }
            for (Double v : row) {
                if (present(v)) {
                    finite.add(v);
                }
            }
        }
        double[] all = finite.stream().mapToDouble(Double::doubleValue).toArray();
        this.scale = metric.diverging() ? ColourScale.diverging(all) : ColourScale.sequential(all);
        this.text = new String[rows][cols];
        this.fill = new int[rows][cols];
        int widest = NO_VALUE_TEXT.length();
        for (String bin : bins) {
            widest = Math.max(widest, bin.length());
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                Double v = values[r][c];
                text[r][c] = present(v) ? format(v) : null;
                fill[r][c] = present(v) ? scale.rgb(v) : ColourScale.NO_VALUE;
                widest = Math.max(widest, present(v) ? text[r][c].length() : 0);
            }
        }
        this.cellWidth = Math.max(MIN_CELL_WIDTH, widest * CHAR_WIDTH + 12);
    }

    /** Two decimals, '.' as separator whatever the locale; "-0.00" prints as "0.00" so a tiny loss reads as flat. */
    static String format(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.equals("-0.00") ? "0.00" : s;
    }

    int rows() {
        return dows.size();
    }

    int cols() {
        return bins.size();
    }

    int titleBaseline() {
        return MARGIN + 20;
    }

    int gridX() {
        return MARGIN + ROW_LABEL_WIDTH;
    }

    int gridY() {
        return MARGIN + TITLE_HEIGHT + HEADER_HEIGHT;
    }

    int cellX(int col) {
        return gridX() + col * cellWidth;
    }

    int cellY(int row) {
        return gridY() + row * CELL_HEIGHT;
    }

    int cellBaseline(int row) {
        return cellY(row) + CELL_HEIGHT / 2 + 4;
    }

    int headerBaseline() {
        return gridY() - 7;
    }

    int legendY() {
        return gridY() + rows() * CELL_HEIGHT + LEGEND_GAP;
    }

    int legendLabelBaseline() {
        return legendY() + LEGEND_HEIGHT + 14;
    }

    int swatchX() {
        return gridX() + LEGEND_WIDTH + SWATCH_GAP;
    }

    int width() {
        int grid = gridX() + cols() * cellWidth;
        int legend = swatchX() + LEGEND_HEIGHT + 6 + NO_VALUE_LEGEND.length() * CHAR_WIDTH;
        int heading = MARGIN + title.length() * TITLE_CHAR_WIDTH;
        return Math.max(grid, Math.max(legend, heading)) + MARGIN;
    }

    int height() {
        return legendLabelBaseline() + 6 + MARGIN;
    }

    /** The legend's end labels and centre: -L, 0, +L for the diverging scale, min, mid, max otherwise. */
    List<String> legendLabels() {
        return List.of(format(scale.low()), format(scale.middle()), format(scale.high()));
    }

    private static boolean present(Double v) {
        return v != null && Double.isFinite(v);
    }
}
