package io.revertiq.results;

import io.revertiq.schemas.TopicSpec;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The results service: collects an analysis's window results and series stage until all are in, assembles them
 * (FDR, ranking, global stats) into the v1 response, and publishes it with its artifacts; an analysis answered from
 * the result cache gets copies of the original's artifacts ({@link CachedArtifacts}).
 */
public final class ResultsTopology {
    static final String REQUESTS = "pending-requests";
    static final String HEADERS = "pending-headers";
    static final String WINDOWS = "pending-windows";
    /** analysis_id -> how many distinct window results are in pending-windows (counting them by a scan is slow). */
    static final String WINDOW_COUNTS = "pending-window-counts";
    /**
     * analysis_id -> the data_hash of its published result, for the configured TTL: when it ends, the result leaves
     * the result cache. (The result itself is on analysis.results, which the edge's view keeps; the cache entry on
     * results-by-fingerprint.)
     */
    static final String PUBLISHED = "published-fingerprints";

    private ResultsTopology() {
    }

    public static Topology buildTopology(ResultsConfig config, SchemaRegistryClient registry) {
        Topology topology = new Topology();

        // inputs, all keyed and partitioned by analysis_id: the request (for provenance), the series stage, the cells
        topology.addSource("data-ready", Topics.DATA_READY.name());
        topology.addSource("series-diagnostics", Topics.SERIES_DIAGNOSTICS.name());
        topology.addSource("window-results", Topics.WINDOW_RESULTS.name());
        // collect: keep the parts until the expected count is in, then assemble, render and publish the result
        topology.addProcessor("collect", () -> new Collect(config, registry),
                "data-ready", "series-diagnostics", "window-results");
        topology.addStateStore(Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(REQUESTS),
                Serdes.String(), Serdes.ByteArray()), "collect");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HEADERS),
                Serdes.String(), Serdes.ByteArray()), "collect");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOWS),
                Serdes.String(), Serdes.ByteArray()), "collect");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOW_COUNTS),
                Serdes.String(), Serdes.Integer()), "collect");
        topology.addStateStore(Stores.timestampedKeyValueStoreBuilder(
                Stores.persistentTimestampedKeyValueStore(PUBLISHED), Serdes.String(), Serdes.String()), "collect");

        // an answer from the result cache gets artifacts of its own: copies of the original's
        topology.addSource("cached-results", Topics.ANALYSIS_RESULTS.name());
        topology.addProcessor("cached-artifacts", () -> new CachedArtifacts(config, registry), "cached-results");

        // sinks: the result by id and by fingerprint (the cache table), progress, dead letters
        sink(topology, "results", Topics.ANALYSIS_RESULTS, registry, "collect");
        sink(topology, "results-by-fingerprint", Topics.RESULTS_BY_FINGERPRINT, registry, "collect");
        sink(topology, "status", Topics.ANALYSIS_STATUS, registry, "collect");
        sink(topology, "dead-letters", Topics.DEAD_LETTERS, registry, "collect", "cached-artifacts");
        return topology;
    }

    private static <K, V> void sink(Topology topology, String name, TopicSpec<K, V> topic,
                                    SchemaRegistryClient registry, String... parents) {
        topology.addSink(name, topic.name(), topic.keySerde(registry).serializer(),
                topic.valueSerde(registry).serializer(), parents);
    }
}
