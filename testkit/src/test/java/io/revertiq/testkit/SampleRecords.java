package io.revertiq.testkit;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Fills any generated Avro class with deterministic values taken from a seed, every field set. */
final class SampleRecords {
    private SampleRecords() {
    }

    static <T extends SpecificRecord> T of(Class<T> type, int seed) {
        SpecificData model = SpecificData.getForClass(type);
        return type.cast(value(model, model.getSchema(type), seed, type.getSimpleName()));
    }

    private static Object value(SpecificData model, Schema schema, int seed, String path) {
        int h = (path + seed).hashCode();
        return switch (schema.getType()) {
            case RECORD -> {
                Object record = model.newRecord(null, schema);
                for (Schema.Field field : schema.getFields()) {
                    model.setField(record, field.name(), field.pos(),
                            value(model, field.schema(), seed, path + "." + field.name()));
                }
                yield record;
            }
            case UNION -> value(model, schema.getTypes().get(schema.getTypes().size() - 1), seed, path);
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    items.add(value(model, schema.getElementType(), seed, path + "[" + i + "]"));
                }
                yield items;
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("k" + Math.floorMod(h, 97), value(model, schema.getValueType(), seed, path + "{}"));
                yield map;
            }
            case ENUM -> model.createEnum(schema.getEnumSymbols().get(Math.floorMod(h, schema.getEnumSymbols().size())), schema);
            case STRING -> "s" + Math.floorMod(h, 100_000) + "-\u00e9\u20ac";
            case BYTES -> ByteBuffer.wrap(new byte[] {(byte) h, (byte) (h >> 8), 0, -1});
            case INT -> h % 100_000;
            case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                    ? Instant.ofEpochMilli(1_700_000_000_000L + Math.floorMod(h, 1_000_000))
                    : 1_700_000_000_000L + Math.floorMod(h, 1_000_000);
            case DOUBLE -> h / 1024.0;
            case FLOAT -> h / 64f;
            case BOOLEAN -> (h & 1) == 1;
            case NULL -> null;
            case FIXED -> new GenericData.Fixed(schema, new byte[schema.getFixedSize()]);
        };
    }
}
