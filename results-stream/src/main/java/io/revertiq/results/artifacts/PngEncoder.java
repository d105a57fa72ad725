package io.revertiq.results.artifacts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes a packed 0xRRGGBB pixel array as an 8-bit truecolour PNG: signature, IHDR, one IDAT, IEND, nothing else
 * (so equal pixels give equal bytes). Every scanline uses the Sub filter, which turns the heatmap's flat runs of
 * colour into runs of zeros that deflate well; the JDK's writer tries all five filters on every row, which cost
 * a quarter of the results service's CPU for the same image.
 */
final class PngEncoder {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int FILTER_SUB = 1;

    private PngEncoder() {
    }

    static byte[] encode(int[] rgb, int width, int height) {
        if (width < 1 || height < 1 || rgb.length != width * height) {
            throw new IllegalArgumentException("pixels do not match " + width + " x " + height);
        }
        int stride = 1 + 3 * width;
        byte[] raw = new byte[stride * height];
        for (int y = 0; y < height; y++) {
            int row = y * stride;
            raw[row] = FILTER_SUB;
            int previous = 0;
            for (int x = 0; x < width; x++) {
                int pixel = rgb[y * width + x];
                int at = row + 1 + 3 * x;
                // Sub: each byte minus the same channel of the pixel to its left (0 left of the first pixel)
                raw[at] = (byte) ((pixel >> 16) - (previous >> 16));
                raw[at + 1] = (byte) ((pixel >> 8) - (previous >> 8));
                raw[at + 2] = (byte) (pixel - previous);
                previous = pixel;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 8);
        out.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, width);
        putInt(header, 4, height);
        header[8] = 8; // bits per channel
        header[9] = 2; // colour type: truecolour; compression, filter method and interlace stay 0
        chunk(out, "IHDR", header, header.length);
        // after the Sub filter a heatmap is mostly runs of zeros, which the fastest level packs nearly as tightly
        // as the default one at a fraction of its CPU
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(raw.length / 8);
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                compressed.write(buffer, 0, deflater.deflate(buffer));
            }
            byte[] data = compressed.toByteArray();
            chunk(out, "IDAT", data, data.length);
        } finally {
            deflater.end();
        }
        chunk(out, "IEND", new byte[0], 0);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data, int length) {
        byte[] head = new byte[8];
        putInt(head, 0, length);
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, head, 4, 4);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data, 0, length);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        out.writeBytes(head);
        out.write(data, 0, length);
        out.writeBytes(tail);
    }

    private static void putInt(byte[] to, int at, int value) {
        to[at] = (byte) (value >>> 24);
        to[at + 1] = (byte) (value >>> 16);
        to[at + 2] = (byte) (value >>> 8);
        to[at + 3] = (byte) value;
    }
}
