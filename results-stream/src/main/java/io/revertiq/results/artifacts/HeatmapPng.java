package io.revertiq.results.artifacts;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;

/**
 * Draws a {@link HeatmapLayout} with java.awt and encodes it with {@link PngEncoder} (no time or text chunks), so
 * equal input gives equal bytes on one JVM and font set; glyph pixels may differ between machines with other fonts
 * (the SVG does not have that limit).
 */
final class HeatmapPng {
    static {
        // services run without a display; headless AWT never tries to reach an X server
        System.setProperty("java.awt.headless", "true");
    }

    private HeatmapPng() {
    }

    static byte[] render(HeatmapLayout l) {
        BufferedImage image = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, l.width(), l.height());
            Font label = new Font(Font.SANS_SERIF, Font.PLAIN, HeatmapLayout.LABEL_FONT);
            Font bold = label.deriveFont(Font.BOLD);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, HeatmapLayout.TITLE_FONT));
            text(g, l.title, HeatmapLayout.MARGIN, l.titleBaseline(), Align.START, 0);
            g.setFont(label);
            for (int c = 0; c < l.cols(); c++) {
                text(g, l.bins.get(c), l.cellX(c) + l.cellWidth / 2, l.headerBaseline(), Align.MIDDLE, 0);
            }
            for (int r = 0; r < l.rows(); r++) {
                g.setFont(bold);
                text(g, l.dows.get(r), HeatmapLayout.MARGIN, l.cellBaseline(r), Align.START, 0);
                g.setFont(label);
                for (int c = 0; c < l.cols(); c++) {
                    cell(g, l, r, c);
                }
            }
            legend(g, l);
        } finally {
            g.dispose();
        }
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        return PngEncoder.encode(pixels, l.width(), l.height());
    }

    private static void cell(Graphics2D g, HeatmapLayout l, int r, int c) {
        int x = l.cellX(c);
        int y = l.cellY(r);
        g.setColor(new Color(l.fill[r][c]));
        g.fillRect(x, y, l.cellWidth, HeatmapLayout.CELL_HEIGHT);
        // the SVG's white stroke: a 1 px gutter between cells
        g.setColor(Color.WHITE);
        g.drawRect(x, y, l.cellWidth, HeatmapLayout.CELL_HEIGHT);
        String shown = l.text[r][c] == null ? HeatmapLayout.NO_VALUE_TEXT : l.text[r][c];
        text(g, shown, x + l.cellWidth / 2, l.cellBaseline(r), Align.MIDDLE, ColourScale.textOn(l.fill[r][c]));
    }

    private static void legend(Graphics2D g, HeatmapLayout l) {
        int x = l.gridX();
        int y = l.legendY();
        for (int i = 0; i < HeatmapLayout.LEGEND_WIDTH; i++) {
            g.setColor(new Color(l.scale.rgbAt((double) i / (HeatmapLayout.LEGEND_WIDTH - 1))));
            g.fillRect(x + i, y, 1, HeatmapLayout.LEGEND_HEIGHT);
        }
        List<String> labels = l.legendLabels();
        Align[] aligns = {Align.START, Align.MIDDLE, Align.END};
        for (int i = 0; i < labels.size(); i++) {
            text(g, labels.get(i), x + i * HeatmapLayout.LEGEND_WIDTH / 2, l.legendLabelBaseline(), aligns[i], 0);
        }
        g.setColor(new Color(ColourScale.NO_VALUE));
        g.fillRect(l.swatchX(), y, HeatmapLayout.LEGEND_HEIGHT, HeatmapLayout.LEGEND_HEIGHT);
        text(g, HeatmapLayout.NO_VALUE_LEGEND, l.swatchX() + HeatmapLayout.LEGEND_HEIGHT + 6,
                y + HeatmapLayout.LEGEND_HEIGHT - 1, Align.START, 0);
    }

    /** SVG's text-anchor values, applied with measured widths. */
    private enum Align { START, MIDDLE, END }

    private static void text(Graphics2D g, String s, int x, int baseline, Align align, int rgb) {
        FontMetrics metrics = g.getFontMetrics();
        int width = metrics.stringWidth(s);
        int left = switch (align) {
            case START -> x;
            case MIDDLE -> x - width / 2;
            case END -> x - width;
        };
        g.setColor(new Color(rgb));
        g.drawString(s, left, baseline);
    }
}
