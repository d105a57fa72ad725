package io.revertiq.analysis.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Primitive arrays packed into Avro bytes fields, little-endian: a window result's trade columns would be several
 * times larger as Avro arrays, whose items carry per-element encoding. Doubles keep their raw bits, so NaN and
 * signed zeros survive.
 */
final class PackedArrays {
    private PackedArrays() {
    }

    static ByteBuffer ofInts(int[] values) {
        ByteBuffer out = allocate(values.length * Integer.BYTES);
        out.asIntBuffer().put(values);
        return out;
    }

    static ByteBuffer ofDoubles(double[] values) {
        ByteBuffer out = allocate(values.length * Double.BYTES);
        out.asDoubleBuffer().put(values);
        return out;
    }

    static int[] ints(ByteBuffer packed) {
        ByteBuffer in = view(packed, Integer.BYTES);
        int[] out = new int[in.remaining() / Integer.BYTES];
        in.asIntBuffer().get(out);
        return out;
    }

    static double[] doubles(ByteBuffer packed) {
        ByteBuffer in = view(packed, Double.BYTES);
        double[] out = new double[in.remaining() / Double.BYTES];
        in.asDoubleBuffer().get(out);
        return out;
    }

    private static ByteBuffer allocate(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A view from the buffer's position, so reading never moves the record's own buffer. */
    private static ByteBuffer view(ByteBuffer packed, int width) {
        if (packed.remaining() % width != 0) {
            throw new IllegalArgumentException("packed array of " + packed.remaining() + " bytes is not a whole number"
                    + " of " + width + "-byte values");
        }
        return packed.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }
}
