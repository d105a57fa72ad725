package io.revertiq.edge.api;

import io.revertiq.analysis.stream.Events;
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
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge's own materialized view of the pipeline (Kafka Streams app {@value #APPLICATION_ID}): the latest status of
 * every analysis (store {@value #STATUS_STORE}, the status as the JSON {@code GET /v1/analysis/{id}} answers) and
 * its result (store {@value #RESULTS_STORE}, the v1 result JSON as UTF-8), both keyed by analysis_id and
 * partitioned like their source topics. Requests are answered by interactive queries on these stores, never by
 * reading topics. Each record is decoded once, here; one that cannot be decoded is logged and skipped (a registry outage
 * stops the view instead), and tombstones are ignored.
 *
 * <p>Several edge instances share the application id and so the partitions: {@link #owner} names the instance
 * ({@code application.server}) that holds a key, which is where a request for it would be forwarded. With one
 * instance every key is local.
 */
public final class AnalysisView implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisView.class);
    public static final String APPLICATION_ID = "revertiq-edge";
    public static final String STATUS_STORE = "edge-status";
    public static final String RESULTS_STORE = "edge-results";

    /** How a wait for an analysis ended: its result JSON, or its failed status. */
    public record Outcome(byte[] resultJson, JsonObject failedStatus) {
    }

    private final KafkaStreams streams;
    private volatile JobStore jobs;
    private final ConcurrentMap<String, CompletableFuture<Outcome>> waiters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<Void>> arrivals = new ConcurrentHashMap<>();

    /**
     * @param settings    its application id is normally {@value #APPLICATION_ID}
     * @param applicationServer this edge's {@code host:port} for multi-instance metadata, or null
     */
    public AnalysisView(StreamsSettings settings, SchemaRegistryClient registry, String applicationServer) {
        Deserializer<AnalysisStatus> statuses = Topics.ANALYSIS_STATUS.valueSerde(registry).deserializer();
        Deserializer<AnalysisResult> results = Topics.ANALYSIS_RESULTS.valueSerde(registry).deserializer();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.ANALYSIS_STATUS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .filter((id, bytes) -> id != null)
                .mapValues((id, bytes) -> bytes == null ? null : applyStatus(id, bytes, statuses))
                .filter((id, json) -> json != null)
                .peek(this::statusArrived)
                .toTable(Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(STATUS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
        builder.stream(Topics.ANALYSIS_RESULTS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .filter((id, bytes) -> id != null)
                .mapValues((id, bytes) -> bytes == null ? null : resultJson(id, bytes, results))
                .filter((id, json) -> json != null)
                .peek(this::resultArrived)
                .toTable(Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(RESULTS_STORE)
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));
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

    /** The instance ({@code application.server}) whose stores hold {@code analysisId}. */
    public KeyQueryMetadata owner(String analysisId) {
        return streams.queryMetadataForKey(RESULTS_STORE, analysisId, Serdes.String().serializer());
    }

    /**
     * Completes when {@code analysisId} has a result or fails (including when that happened before this call).
     * Call {@link #forget} when the caller stops waiting.
     */
    public CompletableFuture<Outcome> await(String analysisId) {
        CompletableFuture<Outcome> waiter = waiters.computeIfAbsent(analysisId, id -> new CompletableFuture<>());
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

    public void forget(String analysisId) {
        waiters.remove(analysisId);
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
        CompletableFuture<Outcome> waiter = waiters.remove(analysisId);
        if (waiter != null) {
            waiter.complete(outcome);
        }
    }

    private void statusArrived(String analysisId, byte[] statusJson) {
        arrived(analysisId);
        if (statusJson != null && waiters.containsKey(analysisId)) {
            JsonObject status = new JsonObject(new String(statusJson, StandardCharsets.UTF_8));
            if (AnalysisState.failed.name().equals(status.getString("status"))) {
                complete(analysisId, new Outcome(null, status));
            }
        }
    }

    private void resultArrived(String analysisId, byte[] resultJson) {
        arrived(analysisId);
        if (resultJson != null) {
            complete(analysisId, new Outcome(resultJson, null));
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
        if (jobStore != null) {
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

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
