package io.revertiq.platform.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** Confluent's compatibility levels, checked with Avro's own reader/writer compatibility rules. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    public static CompatibilityLevel parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            throw new RegistryError(422, 42203, "Invalid compatibility level. Valid values are none, backward, "
                    + "forward, full, backward_transitive, forward_transitive, and full_transitive");
        }
    }

    /**
     * Whether {@code candidate} may follow {@code previous} (oldest first). Non-transitive levels look at
     * the latest version only.
     */
    public boolean allows(Schema candidate, List<Schema> previous) {
        if (this == NONE || previous.isEmpty()) {
            return true;
        }
        boolean transitive = name().endsWith("_TRANSITIVE");
        List<Schema> against = transitive ? previous : List.of(previous.get(previous.size() - 1));
        for (Schema old : against) {
            boolean backward = canRead(candidate, old);
            boolean forward = canRead(old, candidate);
            boolean ok = switch (this) {
                case BACKWARD, BACKWARD_TRANSITIVE -> backward;
                case FORWARD, FORWARD_TRANSITIVE -> forward;
                case FULL, FULL_TRANSITIVE -> backward && forward;
                case NONE -> true;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }
}
