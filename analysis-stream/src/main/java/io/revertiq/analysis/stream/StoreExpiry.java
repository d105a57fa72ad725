package io.revertiq.analysis.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Time-to-live for timestamped stores whose timestamps are the wall-clock time of the last write: entries older than
 * the TTL are deleted (which also writes their tombstones to the store's changelog, so a restored store agrees).
 */
public final class StoreExpiry {
    private StoreExpiry() {
    }

    /** Deletes the entries of {@code store} last written before {@code now - ttl}; returns them (key, value). */
    public static <K, V> List<KeyValue<K, V>> deleteExpired(TimestampedKeyValueStore<K, V> store, Duration ttl,
                                                            long now) {
        long cutoff = now - ttl.toMillis();
        List<KeyValue<K, V>> expired = new ArrayList<>();
        // collected first: deleting while iterating a RocksDB store is not guaranteed to be safe
        try (KeyValueIterator<K, ValueAndTimestamp<V>> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<K, ValueAndTimestamp<V>> entry = it.next();
                if (entry.value != null && entry.value.timestamp() < cutoff) {
                    expired.add(KeyValue.pair(entry.key, entry.value.value()));
                }
            }
        }
        expired.forEach(entry -> store.delete(entry.key));
        return expired;
    }
}
