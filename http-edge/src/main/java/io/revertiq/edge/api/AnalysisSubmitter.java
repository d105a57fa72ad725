package io.revertiq.edge.api;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.stream.Events;
import io.revertiq.analysis.stream.RequestMapping;
import io.revertiq.avro.AnalysisRequest;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Puts a validated request on the pipeline: its {@code queued} status on {@code analysis.status}, then the
 * {@link AnalysisRequest} on {@code analysis.requests}, both keyed by a new analysis_id, each acknowledged by all
 * in-sync replicas before {@link #submit} returns. Blocking: call it from a worker thread.
 */
public final class AnalysisSubmitter implements AutoCloseable {
    private static final Pattern ANALYSIS_ID = Pattern.compile("an_[0-9a-f]{32}");
    private final KafkaProducer<String, AnalysisRequest> requests;
    private final KafkaProducer<String, AnalysisStatus> statuses;
    private final Duration timeout;

    /** @param timeout how long a submission may take (metadata, registry, acknowledgement) before it is refused */
    public AnalysisSubmitter(String bootstrapServers, SchemaRegistryClient registry, Duration timeout) {
        this.timeout = timeout;
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis(),
                ProducerConfig.LINGER_MS_CONFIG, 0);
        this.requests = new KafkaProducer<>(config, Topics.ANALYSIS_REQUESTS.keySerde(registry).serializer(),
                Topics.ANALYSIS_REQUESTS.valueSerde(registry).serializer());
        this.statuses = new KafkaProducer<>(config, Topics.ANALYSIS_STATUS.keySerde(registry).serializer(),
                Topics.ANALYSIS_STATUS.valueSerde(registry).serializer());
    }

    public static String newAnalysisId() {
        return "an_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Whether {@code id} has the form of {@link #newAnalysisId} ({@code an_} and 32 hex digits). */
    public static boolean isAnalysisId(String id) {
        return id != null && ANALYSIS_ID.matcher(id).matches();
    }

    /**
     * Publishes {@code params} under {@code analysisId}.
     *
     * @throws TimeoutException when Kafka did not take it within the timeout
     */
    public void submit(String analysisId, AnalysisParams params) throws TimeoutException {
        String canonical = RequestParser.canonicalJson(params);
        Instant now = Instant.now();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            statuses.send(new ProducerRecord<>(Topics.ANALYSIS_STATUS.name(), analysisId,
                    Events.status(analysisId, AnalysisState.queued, null, 0, 0, 0, null, now)))
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            requests.send(new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(), analysisId,
                    RequestMapping.toAvro(analysisId, null, now, params, fingerprint(canonical))))
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while submitting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new TimeoutException("Kafka did not accept the request within " + timeout.toMillis() + " ms");
            }
            throw new IllegalStateException("cannot submit the request: " + e.getCause().getMessage(), e);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new TimeoutException("Kafka did not accept the request within " + timeout.toMillis() + " ms");
        } catch (TimeoutException e) {
            throw new TimeoutException("Kafka did not acknowledge the request within " + timeout.toMillis() + " ms");
        }
    }

    /** {@code sha256:<hex>} of the canonical request JSON: the request fingerprint every client sends. */
    public static String fingerprint(String canonicalParamsJson) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalParamsJson.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @Override
    public void close() {
        requests.close(Duration.ofSeconds(5));
        statuses.close(Duration.ofSeconds(5));
    }
}
