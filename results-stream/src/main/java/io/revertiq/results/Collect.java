package io.revertiq.results;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.io.ResultJson;
import io.revertiq.analysis.io.WindowsCsv;
import io.revertiq.analysis.stream.AvroMapping;
import io.revertiq.analysis.stream.Events;
import io.revertiq.analysis.stream.RequestMapping;
import io.revertiq.analysis.stream.StoreExpiry;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.DataReady;
import io.revertiq.avro.RankedWindow;
import io.revertiq.avro.SeriesDiagnostics;
import io.revertiq.avro.ShardRef;
import io.revertiq.avro.WindowResult;
import io.revertiq.engine.assembly.AssembledResult;
import io.revertiq.engine.assembly.Assembly;
import io.revertiq.engine.cell.CellResult;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.results.artifacts.AnalysisAudit;
import io.revertiq.results.artifacts.ArtifactWriter;
import io.revertiq.results.artifacts.LocalObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keeps each analysis's parts (request, series stage, window results) in state stores until every expected
 * window result is in, then assembles and publishes the result. Parts may arrive in any order and from any
 * instance; a part seen twice (after a failover) overwrites itself, so counts stay exact.
 */
final class Collect implements Processor<byte[], byte[], String, Object> {
    static final String STAGE = "assembly";
    private static final int PROGRESS_STEPS = 20;

    private final ResultsConfig config;
    private final Deserializer<DataReady> requests;
    private final Deserializer<SeriesDiagnostics> headers;
    private final Deserializer<WindowResult> windows;
    private final ArtifactWriter artifacts;
    private ProcessorContext<String, Object> context;
    private TimestampedKeyValueStore<String, byte[]> pendingRequests;
    private KeyValueStore<String, byte[]> pendingHeaders;
    private KeyValueStore<String, byte[]> pendingWindows;
    private KeyValueStore<String, Integer> windowCounts;
    private TimestampedKeyValueStore<String, String> published;

    Collect(ResultsConfig config, SchemaRegistryClient registry) {
        this.config = config;
        this.requests = Topics.DATA_READY.valueSerde(registry).deserializer();
        this.headers = Topics.SERIES_DIAGNOSTICS.valueSerde(registry).deserializer();
        this.windows = Topics.WINDOW_RESULTS.valueSerde(registry).deserializer();
        try {
            this.artifacts = new ArtifactWriter(new LocalObjectStore(config.objectStoreRoot()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the object store at " + config.objectStoreRoot(), e);
        }
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        pendingRequests = context.getStateStore(ResultsTopology.REQUESTS);
        pendingHeaders = context.getStateStore(ResultsTopology.HEADERS);
        pendingWindows = context.getStateStore(ResultsTopology.WINDOWS);
        windowCounts = context.getStateStore(ResultsTopology.WINDOW_COUNTS);
        published = context.getStateStore(ResultsTopology.PUBLISHED);
        context.schedule(Duration.ofMinutes(1), PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        String analysisId = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        try {
            if (analysisId == null) {
                throw new IllegalArgumentException("records for assembly must be keyed by analysis_id");
            }
            String topic = source.topic();
            if (topic.equals(Topics.DATA_READY.name())) {
                requests.deserialize(topic, record.value());
                pendingRequests.put(analysisId, ValueAndTimestamp.make(record.value(), context.currentSystemTimeMs()));
            } else if (topic.equals(Topics.SERIES_DIAGNOSTICS.name())) {
                headers.deserialize(topic, record.value());
                pendingHeaders.put(analysisId, record.value());
            } else {
                WindowResult window = windows.deserialize(topic, record.value());
                int before = windowsIn(analysisId);
                int done = keepWindow(analysisId, window.getCellKey(), record.value(), before);
                int total = window.getCellsTotal();
                if (progressStep(done, total) > progressStep(before, total)) {
                    context.forward(record.withKey(analysisId).withValue(Events.status(analysisId,
                            AnalysisState.running, "cells", 100.0 * done / total, done, total, null, Instant.now())),
                            "status");
                }
                if (done < total) {
                    return; // the result names the count it completes: no other part is read before the last
                }
            }
            completeIfReady(analysisId, record);
        } catch (RuntimeException e) {
            Events.rethrowIfTransient(e);
            Instant now = Instant.now();
            context.forward(record.withKey(analysisId == null ? "" : analysisId).withValue(Events.deadLetter(source,
                    record.key(), record.value(), STAGE, e, analysisId, now)), "dead-letters");
            if (analysisId != null) {
                context.forward(record.withKey(analysisId)
                        .withValue(Events.failed(analysisId, STAGE, Events.reason(e), now)), "status");
            }
        }
    }

    private void completeIfReady(String analysisId, Record<byte[], byte[]> record) {
        ValueAndTimestamp<byte[]> pendingRequest = pendingRequests.get(analysisId);
        byte[] requestBytes = pendingRequest == null ? null : pendingRequest.value();
        byte[] headerBytes = pendingHeaders.get(analysisId);
        if (requestBytes == null || headerBytes == null) {
            return;
        }
        SeriesDiagnostics header = headers.deserialize(Topics.SERIES_DIAGNOSTICS.name(), headerBytes);
        if (windowsIn(analysisId) < header.getCellsTotal()) {
            return;
        }
        DataReady ready = requests.deserialize(Topics.DATA_READY.name(), requestBytes);
        List<CellResult> cells = new ArrayList<>(header.getCellsTotal());
        List<String> keys = new ArrayList<>(header.getCellsTotal());
        try (KeyValueIterator<String, byte[]> it = pendingWindows.prefixScan(analysisId + "|", new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                keys.add(entry.key);
                cells.add(AvroMapping.toCellResult(windows.deserialize(Topics.WINDOW_RESULTS.name(), entry.value)));
            }
        }
        AnalysisParams params = RequestMapping.toParams(ready.getRequest());
        String canonical = RequestParser.canonicalJson(params);
        AssembledResult assembled = Assembly.assemble(cells, params);
        Instant generatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS); // the precision of AnalysisResult.generated_at
        List<ResultJson.Input> inputs = new ArrayList<>();
        for (ShardRef shard : ready.getShards()) {
            inputs.add(new ResultJson.Input(shard.getPath(), shard.getSha256(), shard.getBars()));
        }
        ResultJson.Provenance provenance = new ResultJson.Provenance(config.revertiqVersion(), ready.getProvider(),
                inputs, generatedAt);
        String json = ResultJson.toText(ResultJson.render(analysisId, params, canonical, header, assembled, provenance));
        AnalysisResult result = AnalysisResult.newBuilder().setAnalysisId(analysisId).setStatus("complete")
                .setTicker(params.ticker()).setDataHash(header.getDataHash())
                .setRequestFingerprint(ready.getRequest().getRequestFingerprint()).setGeneratedAt(generatedAt)
                .setWindowsRanked(ranked(assembled)).setResultJson(json).setCachedFrom(null).build();

        try {
            artifacts.write(new AnalysisAudit(analysisId, header.getDataHash(),
                    ready.getRequest().getRequestFingerprint(), config.revertiqVersion(), Analysis.ENGINE_VERSION,
                    NyseCalendar.VERSION, ready.getProvider(), inputs, generatedAt), json,
                    WindowsCsv.render(assembled), assembled.heatmaps(), canonical);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the artifacts of " + analysisId, e);
        }
        published.put(analysisId, ValueAndTimestamp.make(header.getDataHash(), generatedAt.toEpochMilli()));
        context.forward(record.withKey(analysisId).withValue(result), "results");
        context.forward(record.withKey(header.getDataHash()).withValue(result), "results-by-fingerprint");
        context.forward(record.withKey(analysisId).withValue(Events.status(analysisId, AnalysisState.complete,
                STAGE, 100, cells.size(), cells.size(), null, generatedAt)), "status");
        pendingRequests.delete(analysisId);
        pendingHeaders.delete(analysisId);
        windowCounts.delete(analysisId);
        keys.forEach(pendingWindows::delete);
    }

    /**
     * Keeps a window result (a second copy of one overwrites it) and returns how many distinct ones are in, given
     * how many were before.
     */
    private int keepWindow(String analysisId, String cellKey, byte[] value, int before) {
        String key = analysisId + "|" + cellKey;
        boolean seen = pendingWindows.get(key) != null;
        pendingWindows.put(key, value);
        int in = seen ? before : before + 1;
        windowCounts.put(analysisId, in);
        return in;
    }

    /**
     * Progress is reported in steps of 5 % of the cells (every cell when there are at most 20): each status event
     * is written, read by every edge instance and mirrored into PostgreSQL, and a finer bar shows nothing more.
     */
    static int progressStep(int done, int total) {
        return (int) ((long) done * PROGRESS_STEPS / total);
    }

    /**
     * The count is written in the same transaction as every kept window result, so no count means none kept
     * (checking with a prefix scan cost more than the rest of the service: the scan crosses the tombstones of
     * completed analyses).
     */
    private int windowsIn(String analysisId) {
        Integer counted = windowCounts.get(analysisId);
        return counted != null ? counted : 0;
    }

    private static List<RankedWindow> ranked(AssembledResult assembled) {
        List<RankedWindow> out = new ArrayList<>();
        for (AssembledResult.Window w : assembled.windowsRanked()) {
            CellResult c = w.cell();
            out.add(RankedWindow.newBuilder().setRank(w.rank()).setDow(ResultJson.dowName(c.dow()))
                    .setWindow(c.cellKey().substring(c.cellKey().indexOf('|') + 1)).setNTrades(c.nTrades())
                    .setOosSharpe(c.oosSharpe()).setOosRetPerTradeBp(c.oosRetPerTradeBp()).setFdrAdjP(w.fdrAdjP())
                    .setSignificant(w.significant()).setEntryBand(c.entryBand()).setExitBand(c.exitBand())
                    .setHoldCapMin(c.holdCapMin()).setHalfLifeMin(c.halfLifeMin()).setDriftFlag(c.driftFlag())
                    .build());
        }
        return out;
    }

    /**
     * A result leaves the result cache after the TTL: a tombstone by data_hash on results-by-fingerprint, so the
     * analysis service's cache and the compacted topic do not grow for ever (the results topic, compacted, keeps
     * the result for good). The parts of analyses that never completed go after the TTL too (their failure was
     * reported by the stage that failed).
     */
    private void expire(long now) {
        for (KeyValue<String, String> result : StoreExpiry.deleteExpired(published, config.resultTtl(), now)) {
            context.forward(new Record<String, Object>(result.value, null, now), "results-by-fingerprint");
        }
        for (KeyValue<String, byte[]> expired : StoreExpiry.deleteExpired(pendingRequests, config.resultTtl(), now)) {
            String analysisId = expired.key;
            pendingHeaders.delete(analysisId);
            windowCounts.delete(analysisId);
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, byte[]> it = pendingWindows.prefixScan(analysisId + "|", new StringSerializer())) {
                it.forEachRemaining(entry -> keys.add(entry.key));
            }
            keys.forEach(pendingWindows::delete);
        }
    }
}
