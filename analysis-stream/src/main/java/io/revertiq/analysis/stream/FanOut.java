package io.revertiq.analysis.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.io.ResultJson;
import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.DataReady;
import io.revertiq.avro.SeriesDiagnostics;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.cell.CellSlice;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import io.revertiq.engine.bars.RawBars;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The series stage of one analysis: load its shards, z-score (through the cache), diagnose, and fan out one
 * cell task per (day of week x bin). A record it cannot process is dead-lettered and its analysis marked failed.
 */
final class FanOut implements Processor<byte[], byte[], String, Object> {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String STAGE = "fan-out";

    private final AnalysisConfig config;
    private final Deserializer<DataReady> dataReady;
    private final ParquetLake lake;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> seriesStore;
    private KeyValueStore<String, AnalysisResult> resultCache;

    FanOut(AnalysisConfig config, SchemaRegistryClient registry) {
        this.config = config;
        this.dataReady = Topics.DATA_READY.valueSerde(registry).deserializer();
        this.lake = new ParquetLake(config.lakeRoot());
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.seriesStore = context.getStateStore(AnalysisTopology.SERIES_CACHE);
        this.resultCache = context.getStateStore(AnalysisTopology.RESULT_CACHE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        String analysisId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        RecordMetadata source = context.recordMetadata().orElseThrow();
        Instant now = Instant.now();
        try {
            DataReady ready = dataReady.deserialize(source.topic(), record.value());
            if (ready == null || analysisId == null || !analysisId.equals(ready.getAnalysisId())) {
                throw new IllegalArgumentException("a data-ready record must be keyed by its analysis_id");
            }
            AnalysisResult cached = resultCache.get(ready.getDataHash());
            if (cached != null && fresh(cached, now)) {
                answerFromCache(analysisId, cached, record);
                return;
            }
            fanOut(analysisId, ready, record);
        } catch (RuntimeException e) {
            Events.rethrowIfTransient(e);
            context.forward(record.withKey(analysisId == null ? "" : analysisId)
                    .withValue(Events.deadLetter(source, record.key(), record.value(), STAGE, e, analysisId, now)),
                    "dead-letters");
            if (analysisId != null) {
                context.forward(record.withKey(analysisId).withValue(Events.failed(analysisId, STAGE,
                        Events.reason(e), now)), "status");
            }
        }
    }

    private void fanOut(String analysisId, DataReady ready, Record<byte[], byte[]> record) {
        context.forward(record.withKey(analysisId).withValue(Events.status(analysisId, AnalysisState.running,
                "zseries", 0, 0, 0, null, Instant.now())), "status");
        AnalysisParams params = RequestMapping.toParams(ready.getRequest());
        RawBars bars;
        try {
            bars = lake.load(ready.getShards());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lake shards of " + analysisId, e);
        }
        Analysis.Prepared prepared = Analysis.prepare(bars, params, RequestParser.canonicalJson(params),
                new StoreSeriesCache(seriesStore));
        if (!prepared.dataHash().equals(ready.getDataHash())) {
            throw new IllegalStateException("data_hash of the loaded shards " + prepared.dataHash()
                    + " differs from the one ingest recorded " + ready.getDataHash());
        }
        int total = prepared.slices().size();
        context.forward(record.withKey(analysisId).withValue(AvroMapping.toAvro(analysisId, total, prepared)),
                "series-diagnostics");
        for (CellSlice slice : prepared.slices()) {
            context.forward(record.withKey(analysisId + "|" + slice.cellKey())
                    .withValue(AvroMapping.toTask(analysisId, total, prepared.dataHash(), params, slice)), "cell-tasks");
        }
        context.forward(record.withKey(analysisId).withValue(Events.status(analysisId, AnalysisState.running, "cells",
                0, 0, total, null, Instant.now())), "status");
    }

    private boolean fresh(AnalysisResult cached, Instant now) {
        return !cached.getGeneratedAt().plus(config.resultCacheTtl()).isBefore(now);
    }

    /** The cached result under the new id; no cell task is created. */
    private void answerFromCache(String analysisId, AnalysisResult cached, Record<byte[], byte[]> record) {
        ObjectNode response;
        try {
            response = (ObjectNode) JSON.readTree(cached.getResultJson());
        } catch (IOException e) {
            throw new IllegalStateException("cached result of " + cached.getAnalysisId() + " is not JSON", e);
        }
        response.put("analysis_id", analysisId);
        AnalysisResult answer = AnalysisResult.newBuilder(cached).setAnalysisId(analysisId)
                .setCachedFrom(cached.getCachedFrom() != null ? cached.getCachedFrom() : cached.getAnalysisId())
                .setResultJson(ResultJson.toText(response)).build();
        context.forward(record.withKey(analysisId).withValue(answer), "results");
        context.forward(record.withKey(analysisId).withValue(Events.status(analysisId, AnalysisState.complete,
                "cache", 100, 0, 0, null, Instant.now())), "status");
    }

    /**
     * Series stages in the fan-out's LRU store: the z-series as packed little-endian doubles, its diagnostics as
     * Avro single-object bytes under a second key.
     */
    private record StoreSeriesCache(KeyValueStore<String, byte[]> store) implements Analysis.SeriesCache {
        @Override
        public Analysis.SeriesStage get(String key) {
            byte[] packed = store.get(key);
            byte[] diagnostics = store.get("diagnostics|" + key);
            if (packed == null || diagnostics == null) {
                return null;
            }
            double[] z = new double[packed.length / Double.BYTES];
            ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(z);
            try {
                return new Analysis.SeriesStage(z,
                        AvroMapping.toDiagnostics(SeriesDiagnostics.fromByteBuffer(ByteBuffer.wrap(diagnostics))));
            } catch (IOException e) {
                return null; // an entry from an older schema: recompute it
            }
        }

        @Override
        public void put(String key, Analysis.SeriesStage stage) {
            ByteBuffer packed = ByteBuffer.allocate(stage.z().length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            packed.asDoubleBuffer().put(stage.z());
            store.put(key, packed.array());
            try {
                ByteBuffer diagnostics = AvroMapping.toAvro(stage.diagnostics()).toByteBuffer();
                byte[] bytes = new byte[diagnostics.remaining()];
                diagnostics.get(bytes);
                store.put("diagnostics|" + key, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode series diagnostics", e);
            }
        }
    }
}
