package io.revertiq.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/** The Confluent wire format: magic byte 0, 4-byte big-endian schema id, then the Avro binary payload. */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The schema id in the header of a framed record; refuses anything that is not our wire format. */
    public static int schemaId(byte[] framed) {
        if (framed.length < HEADER_SIZE) {
            throw new SerializationException("record of " + framed.length + " bytes is too short for the Confluent wire format");
        }
        if (framed[0] != MAGIC_BYTE) {
            throw new SerializationException("unknown magic byte " + framed[0] + " (expected 0, Confluent wire format)");
        }
        return ByteBuffer.wrap(framed, 1, 4).getInt();
    }

    static void writeHeader(ByteBuffer out, int schemaId) {
        out.put(MAGIC_BYTE).putInt(schemaId);
    }
}
