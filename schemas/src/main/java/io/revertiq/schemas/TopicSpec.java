package io.revertiq.schemas;

import io.revertiq.schemas.registry.SchemaRegistryClient;
import io.revertiq.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * One topic of the catalog: its name, key and value types (and so serdes), partitions, replication,
 * cleanup policy and retention. Keys and values are either plain strings or generated Avro classes.
 */
public record TopicSpec<K, V>(String name, Class<K> keyType, Class<V> valueType, int partitions,
                              short replication, String cleanupPolicy, Duration retention, int maxMessageBytes) {

    /** Records of these topics fit the broker default (1 MB). */
    public static final int BROKER_DEFAULT_SIZE = 0;

    public TopicSpec(String name, Class<K> keyType, Class<V> valueType, int partitions, short replication,
                     String cleanupPolicy, Duration retention) {
        this(name, keyType, valueType, partitions, replication, cleanupPolicy, retention, BROKER_DEFAULT_SIZE);
    }

    /** Retention that never deletes (compacted topics that must keep every key). */
    public static final Duration FOREVER = Duration.ofMillis(-1);

    public Serde<K> keySerde(SchemaRegistryClient registry) {
        return serde(keyType, registry, true);
    }

    public Serde<V> valueSerde(SchemaRegistryClient registry) {
        return serde(valueType, registry, false);
    }

    /** The topic to create, with replication capped by the brokers the cluster has. */
    public NewTopic newTopic(int brokers) {
        short factor = (short) Math.max(1, Math.min(replication, brokers));
        Map<String, String> configs = new HashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
        if (maxMessageBytes != BROKER_DEFAULT_SIZE) {
            configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
        }
        if (factor > 1) {
            configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        }
        return new NewTopic(name, partitions, factor).configs(configs);
    }

    @SuppressWarnings("unchecked")
    private static <T> Serde<T> serde(Class<T> type, SchemaRegistryClient registry, boolean isKey) {
        if (type == String.class) {
            return (Serde<T>) Serdes.String();
        }
        if (SpecificRecord.class.isAssignableFrom(type)) {
            return (Serde<T>) AvroSerde.of(type.asSubclass(SpecificRecord.class), registry, isKey);
        }
        throw new IllegalArgumentException("no serde for " + type.getName());
    }
}
