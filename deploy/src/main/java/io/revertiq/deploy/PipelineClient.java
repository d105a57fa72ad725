package io.revertiq.deploy;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.stream.Events;
import io.revertiq.analysis.stream.RequestMapping;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Submits analysis requests to the pipeline and follows them on the status and results topics, the way any
 * client of the topics would (the HTTP edge does the same through its stores).
 */
public final class PipelineClient implements AutoCloseable {
    private final SchemaRegistryClient registry;
    private final KafkaProducer<String, io.revertiq.avro.AnalysisRequest> producer;
    private final KafkaProducer<String, AnalysisStatus> statuses;
    private final KafkaConsumer<byte[], byte[]> consumer;

    public PipelineClient(String bootstrapServers, SchemaRegistryClient registry) {
        this.registry = registry;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), Topics.ANALYSIS_REQUESTS.keySerde(registry).serializer(),
                Topics.ANALYSIS_REQUESTS.valueSerde(registry).serializer());
        this.statuses = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), Topics.ANALYSIS_STATUS.keySerde(registry).serializer(),
                Topics.ANALYSIS_STATUS.valueSerde(registry).serializer());
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.LARGE_RECORD_BYTES),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.ANALYSIS_STATUS.name(), Topics.ANALYSIS_RESULTS.name())) {
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start now: nothing produced after this is missed
    }

    /** Publishes the request (and its {@code queued} status) and returns its analysis_id. */
    public String submit(AnalysisParams params) {
        String analysisId = "an_" + UUID.randomUUID().toString().replace("-", "");
        String canonical = RequestParser.canonicalJson(params);
        try {
            statuses.send(new ProducerRecord<>(Topics.ANALYSIS_STATUS.name(), analysisId,
                    Events.status(analysisId, AnalysisState.queued, null, 0, 0, 0, null, Instant.now()))).get();
            producer.send(new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(), analysisId,
                    RequestMapping.toAvro(analysisId, null, Instant.now(), params, fingerprint(canonical)))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while submitting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot submit the request: " + e.getCause().getMessage(), e);
        }
        return analysisId;
    }

    /** Waits for the result of {@code analysisId}, telling {@code progress} every status event on the way. */
    public AnalysisResult await(String analysisId, Duration timeout, Consumer<AnalysisStatus> progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.key() == null || !analysisId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                    continue;
                }
                if (record.topic().equals(Topics.ANALYSIS_RESULTS.name())) {
                    return Topics.ANALYSIS_RESULTS.valueSerde(registry).deserializer()
                            .deserialize(record.topic(), record.value());
                }
                AnalysisStatus status = Topics.ANALYSIS_STATUS.valueSerde(registry).deserializer()
                        .deserialize(record.topic(), record.value());
                progress.accept(status);
                if (status.getStatus() == AnalysisState.failed) {
                    throw new AnalysisFailedException(analysisId, status.getReason());
                }
            }
        }
        throw new IllegalStateException("no result for " + analysisId + " within " + timeout);
    }

    static String fingerprint(String canonicalParamsJson) {
        return io.revertiq.edge.api.AnalysisSubmitter.fingerprint(canonicalParamsJson);
    }

    @Override
    public void close() {
        producer.close();
        statuses.close();
        consumer.close();
    }

    /** The pipeline reported the analysis failed, with its reason. */
    public static final class AnalysisFailedException extends RuntimeException {
        public AnalysisFailedException(String analysisId, String reason) {
            super("analysis " + analysisId + " failed: " + reason);
        }
    }
}
