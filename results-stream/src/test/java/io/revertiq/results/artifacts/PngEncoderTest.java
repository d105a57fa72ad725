package io.revertiq.results.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {
    @Test
    void theJdkDecoderReadsBackEveryPixel() throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        for (int[] size : new int[][] {{1, 1}, {7, 3}, {64, 40}, {301, 17}}) {
            int width = size[0];
            int height = size[1];
            int[] rgb = new int[width * height];
            for (int i = 0; i < rgb.length; i++) {
                // runs of one colour (as in a heatmap) between random pixels, and stray high bytes that must not leak
                rgb[i] = i % 5 == 0 ? rng.nextInt() : i > 0 ? rgb[i - 1] : 0xff123456;
            }
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(rgb, width, height)));
            assertEquals(width, decoded.getWidth());
            assertEquals(height, decoded.getHeight());
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    assertEquals(rgb[y * width + x] & 0xffffff, decoded.getRGB(x, y) & 0xffffff, x + "," + y);
                    assertEquals(0xff, decoded.getRGB(x, y) >>> 24, "opaque");
                }
            }
        }
    }

    @Test
    void pixelsThatDoNotMatchTheSizeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PngEncoder.encode(new int[5], 2, 3));
    }
}
