package io.revertiq.ingest;

import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The ingest service's topology: analysis requests -> lake coverage -> DataReady (with status and dead letters),
 * and market bars -> daily lake shards.
 */
public final class IngestTopology {
    private IngestTopology() {
    }

    public static Topology buildTopology(IngestConfig config) {
        SchemaRegistryClient registry = new SchemaRegistryClient(config.streams().registryUrl());
        ParquetLake lake = new ParquetLake(config.lakeRoot());
        Ingestion ingestion = new Ingestion(lake, config.provider());
        Topology topology = new Topology();

        // requests arrive as bytes: decoding inside the processor lets an undecodable one be dead-lettered
        topology.addSource("requests", new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.ANALYSIS_REQUESTS.name());
        // status "ingesting", fill the lake's missing dates, load the horizon's shards and hash the bars
        topology.addProcessor("ingest", () -> new RequestIngestProcessor(
                Topics.ANALYSIS_REQUESTS.valueSerde(registry).deserializer(), ingestion), "requests");
        // progress for clients, the shard manifest for the analysis, and refused requests with their reason
        topology.addSink(RequestIngestProcessor.STATUS, Topics.ANALYSIS_STATUS.name(),
                Topics.ANALYSIS_STATUS.keySerde(registry).serializer(),
                Topics.ANALYSIS_STATUS.valueSerde(registry).serializer(), "ingest");
        topology.addSink(RequestIngestProcessor.DATA_READY, Topics.DATA_READY.name(),
                Topics.DATA_READY.keySerde(registry).serializer(),
                Topics.DATA_READY.valueSerde(registry).serializer(), "ingest");
        topology.addSink(RequestIngestProcessor.DEAD_LETTERS, Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde(registry).serializer(),
                Topics.DEAD_LETTERS.valueSerde(registry).serializer(), "ingest");

        // backfill bars, also decoded inside their processor so a bad one is dead-lettered, not dropped
        topology.addSource("market-bars", new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                Topics.MARKET_BARS.name());
        // buffer per dataset in a changelogged store, append to the daily shards on a wall-clock schedule
        topology.addProcessor("rollup", () -> new BarRollupProcessor(
                Topics.MARKET_BARS.valueSerde(registry).deserializer(), lake, config.barFlushInterval()), "market-bars");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BarRollupProcessor.BUFFER),
                Serdes.String(), Serdes.ByteArray()), "rollup");
        topology.addSink(BarRollupProcessor.DEAD_LETTERS, Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde(registry).serializer(),
                Topics.DEAD_LETTERS.valueSerde(registry).serializer(), "rollup");
        return topology;
    }
}
