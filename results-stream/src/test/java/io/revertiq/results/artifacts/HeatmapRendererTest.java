package io.revertiq.results.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.engine.assembly.AssembledResult.Heatmaps;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HeatmapRendererTest {

    @Test
    void svgIsWellFormedWithOneRectPerCellClassedByPresence() throws Exception {
        Document doc = parse(HeatmapRenderer.svg(HeatmapFixtures.small(), HeatmapMetric.OOS_SHARPE));
        List<Element> cells = cells(doc);
        assertEquals(6, cells.size());
        // row-major: MON then WED; nulls and NaN are "no value"
        List<String> expected = List.of("cell-value", "cell-value", "cell-null", "cell-value", "cell-null", "cell-value");
        assertEquals(expected, cells.stream().map(e -> e.getAttribute("class")).toList());
        assertEquals("WED", cells.get(5).getAttribute("data-dow"));
        assertEquals("10:30-11:00", cells.get(5).getAttribute("data-bin"));
        assertEquals("#bdbdbd", cells.get(2).getAttribute("fill"));
        assertNotEquals("#bdbdbd", cells.get(0).getAttribute("fill"));
    }

    @Test
    void svgPrintsValuesWithTwoDecimalsLabelsTitleAndLegend() throws Exception {
        Document doc = parse(HeatmapRenderer.svg(HeatmapFixtures.small(), HeatmapMetric.OOS_SHARPE));
        List<String> cellTexts = texts(doc, "cell-text");
        assertEquals(List.of("1.50", "-0.80", "n/a", "0.20", "n/a", "-2.00"), cellTexts);
        assertEquals(List.of("MON", "WED"), texts(doc, "dow-label"));
        assertEquals(List.of("09:30-10:00", "10:00-10:30", "10:30-11:00"), texts(doc, "bin-label"));
        assertEquals(List.of("OOS Sharpe by day of week and window"), texts(doc, "title"));
        // diverging scale symmetric around 0: -max|v|, 0, +max|v|, then the no-value swatch
        assertEquals(List.of("-2.00", "0.00", "2.00", "no value"), texts(doc, "legend-label"));
    }

    @Test
    void divergingScaleIsWhiteAtZeroAndOpposedAroundIt() {
        ColourScale scale = ColourScale.diverging(new double[] {-2, 1.5});
        assertEquals(0xf7f7f7, scale.rgb(0));
        int positive = scale.rgb(2);
        int negative = scale.rgb(-2);
        assertTrue((positive & 0xff) > (positive >> 16 & 0xff), "positive end is blue");
        assertTrue((negative >> 16 & 0xff) > (negative & 0xff), "negative end is red");
    }

    @Test
    void sequentialMetricsSpanMinToMax() throws Exception {
        Document doc = parse(HeatmapRenderer.svg(HeatmapFixtures.small(), HeatmapMetric.MEAN_ABS_RET_BP));
        assertEquals(List.of("1.50", "4.13", "6.75", "no value"), texts(doc, "legend-label"));
        List<Element> cells = cells(doc);
        // the lowest value gets the palette's light end, the highest its dark end
        assertEquals("#ffffcc", cells.get(4).getAttribute("fill"));
        assertEquals("#253494", cells.get(5).getAttribute("fill"));
        Document volume = parse(HeatmapRenderer.svg(HeatmapFixtures.small(), HeatmapMetric.MEAN_VOLUME));
        assertTrue(texts(volume, "cell-text").contains("143210.00"));
    }

    @Test
    void svgEscapesLabels() throws Exception {
        Heatmaps h = new Heatmaps(List.of(2), List.of("<a&\"b'>"), new Double[][] {{1.0}}, new Double[][] {{1.0}},
                new Double[][] {{1.0}});
        String svg = HeatmapRenderer.svg(h, HeatmapMetric.OOS_SHARPE);
        assertFalse(svg.contains("<a&"));
        Document doc = parse(svg);
        assertEquals(List.of("<a&\"b'>"), texts(doc, "bin-label"));
        assertEquals("<a&\"b'>", cells(doc).get(0).getAttribute("data-bin"));
    }

    @Test
    void gridThatDoesNotMatchTheLabelsIsRefused() {
        Heatmaps h = new Heatmaps(List.of(1, 2), List.of("09:30-10:00"), new Double[][] {{1.0}},
                new Double[][] {{1.0}}, new Double[][] {{1.0}});
        assertThrows(IllegalArgumentException.class, () -> HeatmapRenderer.svg(h, HeatmapMetric.OOS_SHARPE));
    }

    @Test
    void pngDecodesToTheLayoutSizeWithOpposedColoursForOpposedSharpes() throws Exception {
        Heatmaps h = HeatmapFixtures.small();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(HeatmapRenderer.png(h, HeatmapMetric.OOS_SHARPE)));
        HeatmapLayout layout = new HeatmapLayout(h, HeatmapMetric.OOS_SHARPE);
        assertEquals(layout.width(), image.getWidth());
        assertEquals(layout.height(), image.getHeight());
        // a few pixels in from the corner: inside the fill, clear of the gutter and the centred value
        int positive = image.getRGB(layout.cellX(HeatmapFixtures.POSITIVE_COL) + 4,
                layout.cellY(HeatmapFixtures.POSITIVE_ROW) + 4) & 0xffffff;
        int negative = image.getRGB(layout.cellX(HeatmapFixtures.NEGATIVE_COL) + 4,
                layout.cellY(HeatmapFixtures.NEGATIVE_ROW) + 4) & 0xffffff;
        assertNotEquals(positive, negative);
        assertEquals(layout.fill[HeatmapFixtures.POSITIVE_ROW][HeatmapFixtures.POSITIVE_COL], positive);
        assertEquals(layout.fill[HeatmapFixtures.NEGATIVE_ROW][HeatmapFixtures.NEGATIVE_COL], negative);
        assertEquals(ColourScale.NO_VALUE, image.getRGB(layout.cellX(2) + 4, layout.cellY(0) + 4) & 0xffffff);
    }

    @ParameterizedTest
    @EnumSource(HeatmapMetric.class)
    void sameInputGivesIdenticalBytes(HeatmapMetric metric) {
        assertEquals(HeatmapRenderer.svg(HeatmapFixtures.small(), metric),
                HeatmapRenderer.svg(HeatmapFixtures.small(), metric));
        assertArrayEquals(HeatmapRenderer.png(HeatmapFixtures.small(), metric),
                HeatmapRenderer.png(HeatmapFixtures.small(), metric));
    }

    @Test
    void pngCarriesNoTimeOrTextChunks() {
        byte[] png = HeatmapRenderer.png(HeatmapFixtures.small(), HeatmapMetric.OOS_SHARPE);
        List<String> chunks = new ArrayList<>();
        // after the 8-byte signature: length (4), type (4), data, crc (4)
        for (int at = 8; at < png.length; ) {
            int length = (png[at] & 0xff) << 24 | (png[at + 1] & 0xff) << 16 | (png[at + 2] & 0xff) << 8 | png[at + 3] & 0xff;
            chunks.add(new String(png, at + 4, 4, StandardCharsets.US_ASCII));
            at += 12 + length;
        }
        assertEquals("IHDR", chunks.get(0));
        assertEquals("IEND", chunks.get(chunks.size() - 1));
        assertFalse(chunks.contains("tIME"));
        assertFalse(chunks.contains("tEXt") || chunks.contains("iTXt") || chunks.contains("zTXt"));
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> cells(Document doc) {
        List<Element> cells = new ArrayList<>();
        NodeList rects = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (rect.getAttribute("class").startsWith("cell-")) {
                cells.add(rect);
            }
        }
        return cells;
    }

    private static List<String> texts(Document doc, String cssClass) {
        List<String> out = new ArrayList<>();
        NodeList texts = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element text = (Element) texts.item(i);
            if (text.getAttribute("class").equals(cssClass)) {
                out.add(text.getTextContent());
            }
        }
        return out;
    }
}
