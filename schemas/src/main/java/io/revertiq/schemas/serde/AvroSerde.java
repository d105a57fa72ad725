package io.revertiq.schemas.serde;

import io.revertiq.schemas.registry.SchemaRegistryClient;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serde of one generated Avro class in the Confluent wire format. */
public final class AvroSerde {
    private AvroSerde() {
    }

    public static <T extends SpecificRecord> Serde<T> of(Class<T> type, SchemaRegistryClient registry, boolean isKey) {
        return Serdes.serdeFrom(
                new AvroSerializer<>(registry, SpecificData.getForClass(type).getSchema(type), isKey),
                new AvroDeserializer<>(registry, type));
    }
}
