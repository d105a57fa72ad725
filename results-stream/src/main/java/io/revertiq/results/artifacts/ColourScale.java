package io.revertiq.results.artifacts;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Maps a value to an RGB colour by piecewise-linear interpolation between fixed stops (ColorBrewer palettes,
 * readable by the common colour-vision deficiencies). The diverging scale is symmetric around 0, so white always
 * means "no edge" whatever the spread; the sequential one spans the data's min..max.
 */
final class ColourScale {
    /** Red (negative) - white (0) - blue (positive): ColorBrewer RdBu. */
    private static final int[] DIVERGING = {0xb2182b, 0xef8a62, 0xf7f7f7, 0x67a9cf, 0x2166ac};
    /** Light yellow (low) to dark blue (high): ColorBrewer YlGnBu. */
    private static final int[] SEQUENTIAL = {0xffffcc, 0xa1dab4, 0x41b6c4, 0x2c7fb8, 0x253494};
    /** Cells without a value; a grey is neither end nor the centre of either palette. */
    static final int NO_VALUE = 0xbdbdbd;

    /** One colour stop at {@code offset} in [0, 1]. */
    record Stop(double offset, int rgb) {
    }

    private final int[] palette;
    private final double low;
    private final double high;

    private ColourScale(int[] palette, double low, double high) {
        this.palette = palette;
        this.low = low;
        this.high = high;
    }

    /** Spans -maxAbs..+maxAbs of the finite values; a flat or empty grid gets +-1 so 0 stays white. */
    static ColourScale diverging(double[] finiteValues) {
        double maxAbs = 0;
        for (double v : finiteValues) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double limit = maxAbs > 0 ? maxAbs : 1;
        return new ColourScale(DIVERGING, -limit, limit);
    }

    /** Spans min..max of the finite values; an empty grid gets 0..1. */
    static ColourScale sequential(double[] finiteValues) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : finiteValues) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return finiteValues.length == 0 ? new ColourScale(SEQUENTIAL, 0, 1) : new ColourScale(SEQUENTIAL, min, max);
    }

    double low() {
        return low;
    }

    double middle() {
        return (low + high) / 2;
    }

    double high() {
        return high;
    }

    int rgb(double value) {
        // a flat sequential grid (min == max) sits in the middle of the palette
        double t = high > low ? (value - low) / (high - low) : 0.5;
        return rgbAt(t);
    }

    /** The colour at position {@code t} in [0, 1] of the palette (clamped). */
    int rgbAt(double t) {
        double x = Math.max(0, Math.min(1, t)) * (palette.length - 1);
        int i = Math.min((int) x, palette.length - 2);
        double f = x - i;
        int a = palette[i];
        int b = palette[i + 1];
        return mix(a >> 16 & 0xff, b >> 16 & 0xff, f) << 16 | mix(a >> 8 & 0xff, b >> 8 & 0xff, f) << 8
                | mix(a & 0xff, b & 0xff, f);
    }

    /** The palette's stops, for an SVG gradient that matches {@link #rgbAt} exactly. */
    List<Stop> stops() {
        return IntStream.range(0, palette.length)
                .mapToObj(i -> new Stop((double) i / (palette.length - 1), palette[i])).toList();
    }

    /** Dark fills get white text, light ones black (relative luminance, ITU-R BT.709 weights). */
    static int textOn(int rgb) {
        double luminance = 0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff);
        return luminance < 128 ? 0xffffff : 0x000000;
    }

    static String hex(int rgb) {
        return String.format("#%06x", rgb & 0xffffff);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
