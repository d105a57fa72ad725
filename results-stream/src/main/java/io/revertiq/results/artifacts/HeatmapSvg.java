package io.revertiq.results.artifacts;

import java.util.List;

/** Writes a {@link HeatmapLayout} as SVG text: integer coordinates and fixed attribute order, so it is byte-stable. */
final class HeatmapSvg {
    private static final String FONT = "DejaVu Sans, Verdana, sans-serif";

    private HeatmapSvg() {
    }

    static String render(HeatmapLayout l) {
        StringBuilder out = new StringBuilder(4096);
        int w = l.width();
        int h = l.height();
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\" font-family=\"").append(FONT)
                .append("\" data-metric=\"").append(l.metric.jsonName()).append("\">\n");
        out.append("<title>").append(escape(l.title)).append("</title>\n");
        gradient(out, l.scale.stops());
        out.append("<rect width=\"").append(w).append("\" height=\"").append(h).append("\" fill=\"#ffffff\"/>\n");
        text(out, "title", HeatmapLayout.MARGIN, l.titleBaseline(), HeatmapLayout.TITLE_FONT, "start", 0, l.title,
                " font-weight=\"bold\"");
        for (int c = 0; c < l.cols(); c++) {
            text(out, "bin-label", l.cellX(c) + l.cellWidth / 2, l.headerBaseline(), HeatmapLayout.LABEL_FONT,
                    "middle", 0, l.bins.get(c), "");
        }
        for (int r = 0; r < l.rows(); r++) {
            text(out, "dow-label", HeatmapLayout.MARGIN, l.cellBaseline(r), HeatmapLayout.LABEL_FONT, "start", 0,
                    l.dows.get(r), " font-weight=\"bold\"");
            for (int c = 0; c < l.cols(); c++) {
                cell(out, l, r, c);
            }
        }
        legend(out, l);
        out.append("</svg>\n");
        return out.toString();
    }

    private static void cell(StringBuilder out, HeatmapLayout l, int r, int c) {
        String value = l.text[r][c];
        String shown = value == null ? HeatmapLayout.NO_VALUE_TEXT : value;
        out.append("<rect class=\"").append(value == null ? "cell-null" : "cell-value")
                .append("\" data-dow=\"").append(escape(l.dows.get(r))).append("\" data-bin=\"")
                .append(escape(l.bins.get(c))).append("\" x=\"").append(l.cellX(c)).append("\" y=\"")
                .append(l.cellY(r)).append("\" width=\"").append(l.cellWidth).append("\" height=\"")
                .append(HeatmapLayout.CELL_HEIGHT).append("\" fill=\"").append(ColourScale.hex(l.fill[r][c]))
                .append("\" stroke=\"#ffffff\"><title>")
                .append(escape(l.dows.get(r) + " " + l.bins.get(c) + ": " + shown)).append("</title></rect>\n");
        text(out, "cell-text", l.cellX(c) + l.cellWidth / 2, l.cellBaseline(r), HeatmapLayout.LABEL_FONT, "middle",
                ColourScale.textOn(l.fill[r][c]), shown, "");
    }

    private static void legend(StringBuilder out, HeatmapLayout l) {
        int x = l.gridX();
        int y = l.legendY();
        out.append("<rect class=\"legend-scale\" x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"")
                .append(HeatmapLayout.LEGEND_WIDTH).append("\" height=\"").append(HeatmapLayout.LEGEND_HEIGHT)
                .append("\" fill=\"url(#scale)\"/>\n");
        List<String> labels = l.legendLabels();
        String[] anchors = {"start", "middle", "end"};
        for (int i = 0; i < labels.size(); i++) {
            text(out, "legend-label", x + i * HeatmapLayout.LEGEND_WIDTH / 2, l.legendLabelBaseline(),
                    HeatmapLayout.LABEL_FONT, anchors[i], 0, labels.get(i), "");
        }
        out.append("<rect class=\"legend-null\" x=\"").append(l.swatchX()).append("\" y=\"").append(y)
                .append("\" width=\"").append(HeatmapLayout.LEGEND_HEIGHT).append("\" height=\"")
                .append(HeatmapLayout.LEGEND_HEIGHT).append("\" fill=\"").append(ColourScale.hex(ColourScale.NO_VALUE))
                .append("\"/>\n");
        text(out, "legend-label", l.swatchX() + HeatmapLayout.LEGEND_HEIGHT + 6, y + HeatmapLayout.LEGEND_HEIGHT - 1,
                HeatmapLayout.LABEL_FONT, "start", 0, HeatmapLayout.NO_VALUE_LEGEND, "");
    }

    private static void gradient(StringBuilder out, List<ColourScale.Stop> stops) {
        out.append("<defs><linearGradient id=\"scale\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"0\">");
        for (ColourScale.Stop s : stops) {
            out.append("<stop offset=\"").append(HeatmapLayout.format(s.offset())).append("\" stop-color=\"")
                    .append(ColourScale.hex(s.rgb())).append("\"/>");
        }
        out.append("</linearGradient></defs>\n");
    }

    private static void text(StringBuilder out, String cssClass, int x, int y, int size, String anchor, int rgb,
                             String content, String extra) {
        out.append("<text class=\"").append(cssClass).append("\" x=\"").append(x).append("\" y=\"").append(y)
                .append("\" font-size=\"").append(size).append("\" text-anchor=\"").append(anchor)
                .append("\" fill=\"").append(ColourScale.hex(rgb)).append('"').append(extra).append('>')
                .append(escape(content)).append("</text>\n");
    }

    /** XML text and attribute escaping; bins and labels come from requests, so nothing is trusted as markup. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
