package io.revertiq.analysis.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.io.ResultJson;
import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.DataReady;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.cell.CellSlice;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.windows.Bin;
import io.revertiq.engine.windows.WindowSpec;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The series stage of one analysis: load its shards, z-score and diagnose (once per series, through the memo),
 * and fan out one cell task per (day of week x bin). A record it cannot process is dead-lettered and its
 * analysis marked failed.
 */
final class FanOut implements Processor<byte[], byte[], String, Object> {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String STAGE = "fan-out";

    private final AnalysisConfig config;
    private final Deserializer<DataReady> dataReady;
    private final Deserializer<AnalysisResult> cachedResults;
    private final ParquetLake lake;
    private final SeriesMemo memo;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> resultCache;

    FanOut(AnalysisConfig config, SchemaRegistryClient registry, SeriesMemo memo) {
        this.config = config;
        this.dataReady = Topics.DATA_READY.valueSerde(registry).deserializer();
        this.cachedResults = Topics.RESULTS_BY_FINGERPRINT.valueSerde(registry).deserializer();
        this.lake = new ParquetLake(config.lakeRoot());
        this.memo = memo;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
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
            AnalysisResult cached = cached(ready.getDataHash());
            ObjectNode response = cached != null && fresh(cached, now) ? sameEngine(cached) : null;
            if (response != null) {
                answerFromCache(analysisId, cached, response, record);
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
        String seriesKey = SeriesKeys.series(ready.getProvider(), ready.getShards(), params);
        Analysis.Series stage = memo.get(seriesKey, () -> Analysis.series(lake.load(ready.getShards()), params));
        String dataHash = stage.dataHash(RequestParser.canonicalJson(params));
        if (!dataHash.equals(ready.getDataHash())) {
            throw new IllegalStateException("data_hash of the loaded shards " + dataHash
                    + " differs from the one ingest recorded " + ready.getDataHash());
        }
        List<Integer> days = params.windows().days();
        List<Bin> bins = WindowSpec.parse(params.windows().spec());
        int total = days.size() * bins.size();
        context.forward(record.withKey(analysisId).withValue(AvroMapping.toAvro(analysisId, total, dataHash, stage)),
                "series-diagnostics");
        for (int dow : days) {
            for (Bin bin : bins) {
                context.forward(record.withKey(analysisId + "|" + CellSlice.cellKey(dow, bin))
                        .withValue(AvroMapping.toTask(analysisId, total, dataHash, seriesKey, ready.getProvider(),
                                ready.getRequest(), dow, bin)), "cell-tasks");
            }
        }
        context.forward(record.withKey(analysisId).withValue(Events.status(analysisId, AnalysisState.running, "cells",
                0, 0, total, null, Instant.now())), "status");
    }

    /** The cached result for a data_hash; an entry this version cannot decode counts as none (compute afresh). */
    private AnalysisResult cached(String dataHash) {
        byte[] hit = resultCache.get(dataHash);
        if (hit == null) {
            return null;
        }
        try {
            return cachedResults.deserialize(Topics.RESULTS_BY_FINGERPRINT.name(), hit);
        } catch (RuntimeException e) {
            Events.rethrowIfTransient(e);
            return null;
        }
    }

    private boolean fresh(AnalysisResult cached, Instant now) {
        return !cached.getGeneratedAt().plus(config.resultCacheTtl()).isBefore(now);
    }

    /**
     * The cached result's response, if this engine version computed it; else null, as for an entry that is not a
     * JSON object: the numbers may differ, so the analysis is computed afresh and its result replaces the entry.
     */
    private static ObjectNode sameEngine(AnalysisResult cached) {
        ObjectNode response;
        try {
            response = (ObjectNode) JSON.readTree(cached.getResultJson());
        } catch (IOException | ClassCastException e) {
            return null;
        }
        return Analysis.ENGINE_VERSION.equals(response.path("provenance").path("engine_version").asText())
                ? response : null;
    }

    /** The cached result under the new id; no cell task is created. */
    private void answerFromCache(String analysisId, AnalysisResult cached, ObjectNode response,
                                 Record<byte[], byte[]> record) {
        response.put("analysis_id", analysisId);
        AnalysisResult answer = AnalysisResult.newBuilder(cached).setAnalysisId(analysisId)
                .setCachedFrom(cached.getCachedFrom() != null ? cached.getCachedFrom() : cached.getAnalysisId())
                .setResultJson(ResultJson.toText(response)).build();
        Headers headers = new RecordHeaders(record.headers().toArray())
                .add(Topics.CACHED_FROM_HEADER, answer.getCachedFrom().toString().getBytes(StandardCharsets.UTF_8));
        context.forward(record.withKey(analysisId).withValue(answer).withHeaders(headers), "results");
        context.forward(record.withKey(analysisId).withValue(Events.status(analysisId, AnalysisState.complete,
                "cache", 100, 0, 0, null, Instant.now())), "status");
    }
}
