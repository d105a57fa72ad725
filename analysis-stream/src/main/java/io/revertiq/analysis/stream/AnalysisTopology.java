package io.revertiq.analysis.stream;

import io.revertiq.schemas.TopicSpec;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The analysis service. One data-ready record becomes one task per (day of week x bin), spread over every
 * instance by the cell-task topic's partitions, and each task becomes one window result.
 */
public final class AnalysisTopology {
    static final String RESULT_CACHE = "result-cache";

    private AnalysisTopology() {
    }

    public static Topology buildTopology(AnalysisConfig config, SchemaRegistryClient registry) {
        Topology topology = new Topology();

        // data-ready: the request and its lake shards, as raw bytes so a poison record can be dead-lettered
        topology.addSource("data-ready", Topics.DATA_READY.name());
        // fan-out: load the series, z-score and diagnose it (once per bars + signal, in the instance's memo), and
        // emit one task per cell naming the series; an identical request within the TTL is answered from the
        // result cache instead
        SeriesMemo memo = new SeriesMemo(config.seriesMemoBars());
        topology.addProcessor("fan-out", () -> new FanOut(config, registry, memo), "data-ready");
        // the result cache: data_hash -> the encoded result, on disk (results are large), emptied by the tombstones
        // the results service writes when a result's TTL ends
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RESULT_CACHE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                "results-by-fingerprint", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                Topics.RESULTS_BY_FINGERPRINT.name(), "result-cache-loader", ResultCacheLoader::new);

        // cell tasks: repartitioned by analysis_id|cell_key, so any instance may evaluate any cell
        sink(topology, "cell-tasks", Topics.CELL_TASKS, registry, "fan-out");
        topology.addSource("cell-tasks-in", Topics.CELL_TASKS.name());
        // evaluate: cut the cell's slice from the memo's series (rebuilt from the lake when missing), then
        // walk-forward, OOS trades, bootstrap
        topology.addProcessor("evaluate", () -> new EvaluateCell(config, registry, memo), "cell-tasks-in");

        // sinks: window results and the series stage for assembly, progress, cache hits, dead letters
        sink(topology, "window-results", Topics.WINDOW_RESULTS, registry, "evaluate");
        sink(topology, "series-diagnostics", Topics.SERIES_DIAGNOSTICS, registry, "fan-out");
        sink(topology, "status", Topics.ANALYSIS_STATUS, registry, "fan-out", "evaluate");
        sink(topology, "results", Topics.ANALYSIS_RESULTS, registry, "fan-out");
        sink(topology, "dead-letters", Topics.DEAD_LETTERS, registry, "fan-out", "evaluate");
        return topology;
    }

    private static <K, V> void sink(Topology topology, String name, TopicSpec<K, V> topic,
                                    SchemaRegistryClient registry, String... parents) {
        topology.addSink(name, topic.name(), topic.keySerde(registry).serializer(),
                topic.valueSerde(registry).serializer(), parents);
    }

    /** Keeps the global result cache: data_hash -> the result computed for it, as it travels (decoded on a hit). */
    private static final class ResultCacheLoader implements Processor<String, byte[], Void, Void> {
        private KeyValueStore<String, byte[]> cache;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            cache = context.getStateStore(RESULT_CACHE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.value() == null) {
                cache.delete(record.key());
            } else {
                cache.put(record.key(), record.value());
            }
        }
    }
}
