package io.revertiq.edge.api;

import io.revertiq.analysis.stream.Events;
import io.revertiq.analysis.stream.StoreExpiry;
import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import io.revertiq.edge.metrics.EdgeMetrics;
import io.revertiq.edge.tenancy.JobStatus;
import io.revertiq.edge.tenancy.JobStore;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's own materialized view of the pipeline (Kafka Streams app {@value #APPLICATION_ID}): the latest status of
 * every analysis (store {@value #STATUS_STORE}, the status as the JSON {@code GET /v1/analysis/{id}} answers) and
 * its result (store {@value #RESULTS_STORE}, the v1 result JSON as UTF-8), both keyed by analysis_id and
 * partitioned like their source topics. Requests are answered by interactive queries on these stores, never by
 * reading topics. An analysis leaves the view a retention (default {@link #DEFAULT_RETENTION}, as long as the
 * pipeline's result store keeps it) after its last update; the job row and the object store answer for it after that.
 * Each record is decoded once, here; one that cannot be decoded is logged and skipped (a registry outage
 * stops the view instead), and tombstones are ignored.
 *
 * <p>Several edge instances share the application id and so the partitions: {@link #remoteOwner} names the instance
 * ({@code application.server}) that holds a key, and requests for it are forwarded there. Status and result of an
 * analysis are written by one processor that owns both stores, so they always live on the same instance.
 */
public final class AnalysisView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisView.class);
    public static final String APPLICATION_ID = "revertiq-edge";
    public static final String STATUS_STORE = "edge-status";
    public static final String RESULTS_STORE = "edge-results";

    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

    /** How a wait for an analysis ended: its result JSON, or its failed status. */
    public record Outcome(byte[] resultJson, JsonObject failedStatus) {
    }

    /**
     * Hears the end of every analysis as the view applies it: its result, or its failed status. Called on a stream
     * thread, so it must not block; it may hear an analysis more than once (a replayed topic).
     */
    public interface OutcomeListener {
        void ended(String analysisId, Outcome outcome);
    }

    private final KafkaStreams streams;
    /** This instance's {@code application.server}, or null when it runs alone. */
    private final HostInfo self;
    private volatile JobStore jobs;
    private volatile OutcomeListener outcomes;
    /** Per analysis, every caller still waiting for it (a request and its idempotent duplicates wait for one id). */
    private final ConcurrentMap<String, Set<CompletableFuture<Outcome>>> waiters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<Void>> arrivals = new ConcurrentHashMap<>();

    /** Keeps entries as long as the pipeline's result store does by default. */
    public AnalysisView(StreamsSettings settings, SchemaRegistryClient registry, String applicationServer) {
        this(settings, registry, applicationServer, DEFAULT_RETENTION);
    }

    /**
     * @param settings          its application id is normally {@value #APPLICATION_ID}
     * @param applicationServer this edge's {@code host:port} for multi-instance metadata, or null
     * @param retention         how long after its last update an analysis stays in the view; older ones are
     *                          answered from the job rows and the object store
     */
    public AnalysisView(StreamsSettings settings, SchemaRegistryClient registry, String applicationServer,
                        Duration retention) {
        Deserializer<AnalysisStatus> statuses = Topics.ANALYSIS_STATUS.valueSerde(registry).deserializer();
        Deserializer<AnalysisResult> results = Topics.ANALYSIS_RESULTS.valueSerde(registry).deserializer();
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the view's retention must be positive, got " + retention);
        }
        StreamsBuilder builder = new StreamsBuilder();
        for (String store : List.of(STATUS_STORE, RESULTS_STORE)) {
            builder.addStateStore(Stores.timestampedKeyValueStoreBuilder(
                    Stores.persistentTimestampedKeyValueStore(store), Serdes.String(), Serdes.ByteArray()));
        }
        // status -> decoded, recorded on the job row -> status entry
        KStream<String, ViewEntry> statusEntries = builder.stream(Topics.ANALYSIS_STATUS.name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .filter((id, bytes) -> id != null)
                .mapValues((id, bytes) -> bytes == null ? null : applyStatus(id, bytes, statuses))
                .filter((id, json) -> json != null)
                .mapValues(json -> new ViewEntry(STATUS_STORE, json));
        // result -> its v1 JSON -> result entry
        KStream<String, ViewEntry> resultEntries = builder.stream(Topics.ANALYSIS_RESULTS.name(),
                        Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .filter((id, bytes) -> id != null)
                .mapValues((id, bytes) -> bytes == null ? null : resultJson(id, bytes, results))
                .filter((id, json) -> json != null)
                .mapValues(json -> new ViewEntry(RESULTS_STORE, json));
        // both -> one writer owning both stores: one task, so one instance, holds everything of an analysis; it
        // wakes whoever waits for the analysis once the entry is in its store, so what they read next is there
        statusEntries.merge(resultEntries).process(() -> new ExpiringWrite(retention, this::written), STATUS_STORE,
                RESULTS_STORE);
        self = applicationServer == null ? null : HostInfo.buildFromEndpoint(applicationServer);
        Topology topology = builder.build();
        Properties properties = settings.properties();
        properties.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                Topics.LARGE_RECORD_BYTES);
        if (applicationServer != null) {
            properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        streams = new KafkaStreams(topology, properties);
    }

    /**
     * Makes the job rows follow the status topic: each status event this view applies is recorded with
     * {@link JobStore#updateStatus} (without blocking; failures are logged), so a job leaves queued/running when
     * its analysis completes or fails. Call before {@link #start}.
     */
    public AnalysisView followJobs(JobStore jobStore) {
        this.jobs = jobStore;
        return this;
    }

    /** Tells {@code listener} about every analysis that completes or fails. Call before {@link #start}. */
    public AnalysisView onOutcome(OutcomeListener listener) {
        this.outcomes = listener;
        return this;
    }

    public AnalysisView start() {
        streams.start();
        return this;
    }

    /** Blocks until the view has its partitions (RUNNING). */
    public AnalysisView awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("the edge view did not reach RUNNING: " + streams.state());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return this;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Binds the view's Kafka Streams metrics (application {@value #APPLICATION_ID}) to {@code metrics}. */
    public AnalysisView bindMetrics(EdgeMetrics metrics) {
        metrics.bindStreams(APPLICATION_ID, streams);
        return this;
    }

    /** The status JSON of {@code analysisId} ({@code analysis_id, status, stage, progress_pct, ...}). */
    public Optional<JsonObject> status(String analysisId) {
        byte[] json = get(STATUS_STORE, analysisId);
        return json == null ? Optional.empty() : Optional.of(new JsonObject(new String(json, StandardCharsets.UTF_8)));
    }

    /** The v1 result JSON of {@code analysisId} as UTF-8, once it is complete. */
    public Optional<byte[]> resultJson(String analysisId) {
        return Optional.ofNullable(get(RESULTS_STORE, analysisId));
    }

    /**
     * The other instance ({@code application.server}) whose stores hold {@code analysisId}; empty when this instance
     * holds it, runs alone, or nobody holds it this instant (rebalancing: the local stores answer, stale or 503).
     */
    public Optional<HostInfo> remoteOwner(String analysisId) {
        if (self == null) {
            return Optional.empty();
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(RESULTS_STORE, analysisId, Serdes.String().serializer());
        HostInfo active = owner == null ? null : owner.activeHost();
        if (active == null || active.equals(HostInfo.unavailable()) || active.equals(self)) {
            return Optional.empty();
        }
        return Optional.of(active);
    }

    /**
     * Completes when {@code analysisId} has a result or fails (including when that happened before this call).
     * Call {@link #forget} with the returned future when the caller stops waiting.
     */
    public CompletableFuture<Outcome> await(String analysisId) {
        CompletableFuture<Outcome> waiter = new CompletableFuture<>();
        waiters.compute(analysisId, (id, waiting) -> {
            Set<CompletableFuture<Outcome>> all = waiting == null ? ConcurrentHashMap.newKeySet() : waiting;
            all.add(waiter);
            return all;
        });
        try {
            Optional<byte[]> done = resultJson(analysisId);
            if (done.isPresent()) {
                complete(analysisId, new Outcome(done.get(), null));
            } else {
                status(analysisId).filter(s -> AnalysisState.failed.name().equals(s.getString("status")))
                        .ifPresent(s -> complete(analysisId, new Outcome(null, s)));
            }
        } catch (ApiException notReady) {
            // the stores are not queryable yet; the stream callbacks complete the waiter
        }
        return waiter;
    }

    public void forget(String analysisId, CompletableFuture<Outcome> waiter) {
        waiters.computeIfPresent(analysisId, (id, waiting) -> {
            waiting.remove(waiter);
            return waiting.isEmpty() ? null : waiting;
        });
    }

    /**
     * Completes once this view holds a status or result of {@code analysisId} (at once when it already does): after
     * it, {@code GET /v1/analysis/{id}} on this instance knows the id. Completes normally after {@code atMost} too.
     */
    public CompletableFuture<Void> awaitKnown(String analysisId, Duration atMost) {
        CompletableFuture<Void> arrival = arrivals.computeIfAbsent(analysisId, id -> new CompletableFuture<Void>()
                .completeOnTimeout(null, atMost.toMillis(), TimeUnit.MILLISECONDS));
        try {
            if (status(analysisId).isPresent() || resultJson(analysisId).isPresent()) {
                arrived(analysisId);
            }
        } catch (ApiException notReady) {
            // the stores are not queryable yet; the stream callbacks complete the arrival
        }
        return arrival.whenComplete((v, e) -> arrivals.remove(analysisId, arrival));
    }

    private void arrived(String analysisId) {
        CompletableFuture<Void> arrival = arrivals.remove(analysisId);
        if (arrival != null) {
            arrival.complete(null);
        }
    }

    private void complete(String analysisId, Outcome outcome) {
        Set<CompletableFuture<Outcome>> waiting = waiters.remove(analysisId);
        if (waiting != null) {
            waiting.forEach(waiter -> waiter.complete(outcome));
        }
    }

    private void written(String analysisId, ViewEntry entry) {
        if (entry.store().equals(STATUS_STORE)) {
            statusArrived(analysisId, entry.json());
        } else {
            resultArrived(analysisId, entry.json());
        }
    }

    private void statusArrived(String analysisId, byte[] statusJson) {
        arrived(analysisId);
        if (statusJson != null && (outcomes != null || waiters.containsKey(analysisId))) {
            JsonObject status = new JsonObject(new String(statusJson, StandardCharsets.UTF_8));
            if (AnalysisState.failed.name().equals(status.getString("status"))) {
                ended(analysisId, new Outcome(null, status));
            }
        }
    }

    private void resultArrived(String analysisId, byte[] resultJson) {
        arrived(analysisId);
        if (resultJson != null) {
            ended(analysisId, new Outcome(resultJson, null));
        }
    }

    private void ended(String analysisId, Outcome outcome) {
        complete(analysisId, outcome);
        OutcomeListener listener = outcomes;
        if (listener != null) {
            try {
                listener.ended(analysisId, outcome);
            } catch (RuntimeException e) {
                // a listener's bug must not stop the view
                LOG.error("the outcome listener failed on {}", analysisId, e);
            }
        }
    }

    /** A local interactive query; a store that is not queryable now (start-up, rebalance) is UNAVAILABLE. */
    private byte[] get(String storeName, String analysisId) {
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(storeName,
                    QueryableStoreTypes.<String, byte[]>keyValueStore()).enableStaleStores());
            return store.get(analysisId);
        } catch (InvalidStateStoreException e) {
            throw new ApiException(503, "UNAVAILABLE", "the analysis view is not ready (" + streams.state() + ")",
                    null, "retry in a few seconds");
        }
    }

    /** Decodes a status event, records it on the job row (when following jobs) and returns its status JSON. */
    private byte[] applyStatus(String analysisId, byte[] bytes, Deserializer<AnalysisStatus> deserializer) {
        AnalysisStatus s = decodeStatus(analysisId, bytes, deserializer);
        if (s == null) {
            return null;
        }
        JobStore jobStore = jobs;
        if (jobStore != null && recordedOnJobRow(s)) {
            JobStatus status = switch (s.getStatus()) {
                case queued -> JobStatus.QUEUED;
                case ingesting, running -> JobStatus.RUNNING;
                case complete -> JobStatus.COMPLETE;
                case failed -> JobStatus.FAILED;
            };
            int pct = status == JobStatus.COMPLETE ? 100
                    : (int) Math.max(0, Math.min(100, Math.floor(s.getProgressPct())));
            String reason = s.getReason() == null ? null : s.getReason().toString();
            jobStore.updateStatus(analysisId, status, pct, reason).onFailure(e ->
                    LOG.warn("cannot record status {} of job {}: {}", status.id(), analysisId, e.toString()));
        }
        return statusJson(analysisId, s);
    }

    /**
     * Every change of state goes to the job row (queued, ingesting, complete, failed); the running events add to the
     * row 'ingesting' made RUNNING at 0 % only as cells complete, at the first event at or past each of the first
     * three quarters (the last cell is followed at once by complete). The row answers only when the view does not
     * hold the analysis, and each update is a PostgreSQL transaction per status event.
     */
    static boolean recordedOnJobRow(AnalysisStatus s) {
        if (s.getStatus() != AnalysisState.running) {
            return true;
        }
        int done = s.getCellsDone();
        int total = s.getCellsTotal();
        return total > 0 && done > 0 && done < total && (long) done * 4 / total > (long) (done - 1) * 4 / total;
    }

    private static AnalysisStatus decodeStatus(String analysisId, byte[] bytes, Deserializer<AnalysisStatus> deserializer) {
        try {
            return deserializer.deserialize(Topics.ANALYSIS_STATUS.name(), bytes);
        } catch (RuntimeException e) {
            Events.rethrowIfTransient(e);
            LOG.warn("skipping an undecodable status of {}: {}", analysisId, e.toString());
            return null;
        }
    }

    /** The answer of {@code GET /v1/analysis/{id}} for a status event. */
    static byte[] statusJson(String analysisId, byte[] bytes, Deserializer<AnalysisStatus> deserializer) {
        AnalysisStatus s = decodeStatus(analysisId, bytes, deserializer);
        return s == null ? null : statusJson(analysisId, s);
    }

    private static byte[] statusJson(String analysisId, AnalysisStatus s) {
        JsonObject json = new JsonObject().put("analysis_id", analysisId);
        switch (s.getStatus()) {
            case queued -> json.put("status", "queued");
            case ingesting -> json.put("status", "ingesting").put("stage", s.getStage());
            case running -> json.put("status", "running").put("stage", s.getStage())
                    .put("progress_pct", s.getProgressPct()).put("cells_done", s.getCellsDone())
                    .put("cells_total", s.getCellsTotal());
            // the result follows on its own topic; until this edge has it, the analysis is still publishing
            case complete -> json.put("status", "running").put("stage", "publishing").put("progress_pct", 100.0)
                    .put("cells_done", s.getCellsDone()).put("cells_total", s.getCellsTotal());
            case failed -> json.put("status", "failed").put("stage", s.getStage()).put("reason", s.getReason());
        }
        json.put("updated_at", s.getUpdatedAt().toString());
        return json.encode().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] resultJson(String analysisId, byte[] bytes, Deserializer<AnalysisResult> deserializer) {
        try {
            return deserializer.deserialize(Topics.ANALYSIS_RESULTS.name(), bytes).getResultJson()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            Events.rethrowIfTransient(e);
            LOG.warn("skipping an undecodable result of {}: {}", analysisId, e.toString());
            return null;
        }
    }

    /** A view entry on its way to its store. */
    private record ViewEntry(String store, byte[] json) {
    }

    /** Writes each entry with the wall-clock time of the write and deletes entries older than the retention. */
    private static final class ExpiringWrite implements Processor<String, ViewEntry, Void, Void> {
        private final Duration retention;
        private final BiConsumer<String, ViewEntry> written;
        private ProcessorContext<Void, Void> context;

        ExpiringWrite(Duration retention, BiConsumer<String, ViewEntry> written) {
            this.retention = retention;
            this.written = written;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            // sweeping a few times per retention keeps entries at most ~1.25 retentions, at most once a minute
            Duration sweep = Duration.ofMillis(Math.max(100, Math.min(60_000, retention.toMillis() / 4)));
            context.schedule(sweep, PunctuationType.WALL_CLOCK_TIME, now -> {
                StoreExpiry.deleteExpired(store(STATUS_STORE), retention, now);
                StoreExpiry.deleteExpired(store(RESULTS_STORE), retention, now);
            });
        }

        private TimestampedKeyValueStore<String, byte[]> store(String name) {
            return context.getStateStore(name);
        }

        @Override
        public void process(Record<String, ViewEntry> record) {
            // the clock now, not the stream thread's cached time (taken before its last poll), so that no entry is
            // swept before it has been in the view for the whole retention
            store(record.value().store()).put(record.key(),
                    ValueAndTimestamp.make(record.value().json(), System.currentTimeMillis()));
            written.accept(record.key(), record.value());
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
