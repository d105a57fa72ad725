package io.revertiq.analysis.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** A record through its Avro binary encoding and back, as a topic would carry it (without Kafka). */
public final class AvroBytes {
    private AvroBytes() {
    }

    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> T roundTrip(T record) {
        try {
            return new SpecificDatumReader<T>((Class<T>) record.getClass())
                    .read(null, DecoderFactory.get().binaryDecoder(encode(record), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record's Avro binary encoding (the bytes after the wire format's 5-byte header). */
    public static <T extends SpecificRecord> byte[] encode(T record) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new SpecificDatumWriter<T>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
