package io.revertiq.schemas.serde;

import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes specific Avro records in the Confluent wire format, registering the writer schema under the
 * TopicNameStrategy subject ({@code <topic>-key} or {@code <topic>-value}).
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
    private final SchemaRegistryClient registry;
    private final boolean isKey;
    private final Schema schema;
    private final SpecificDatumWriter<T> writer;

    public AvroSerializer(SchemaRegistryClient registry, Schema schema, boolean isKey) {
        this.registry = registry;
        this.isKey = isKey;
        this.schema = schema;
        this.writer = new SpecificDatumWriter<>(schema);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        int id = registry.register(SubjectNames.topicName(topic, isKey), schema);
        ByteArrayOutputStream payload = new ByteArrayOutputStream(256);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(payload, null);
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + schema.getFullName() + " for topic " + topic, e);
        }
        ByteBuffer framed = ByteBuffer.allocate(WireFormat.HEADER_SIZE + payload.size());
        WireFormat.writeHeader(framed, id);
        framed.put(payload.toByteArray());
        return framed.array();
    }
}
