package io.revertiq.deploy;

import io.revertiq.avro.AnalysisResult;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.edge.api.AnalysisSubmitter;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Submits analysis requests to the pipeline and follows them on the status and results topics, the way any
 * client of the topics would (the HTTP edge does the same through its stores).
 */
public final class PipelineClient implements AutoCloseable {
    private final SchemaRegistryClient registry;
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(30);
    private final AnalysisSubmitter submitter;
    private final KafkaConsumer<byte[], byte[]> consumer;

    public PipelineClient(String bootstrapServers, SchemaRegistryClient registry) {
        this.registry = registry;
        this.submitter = new AnalysisSubmitter(bootstrapServers, registry, SUBMIT_TIMEOUT);
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

    /** Publishes the request (and its {@code queued} status) the way the HTTP edge does; returns its analysis_id. */
    public String submit(AnalysisParams params) {
        String analysisId = AnalysisSubmitter.newAnalysisId();
        try {
            submitter.submit(analysisId, params);
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot submit the request: " + e.getMessage(), e);
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


    @Override
    public void close() {
        submitter.close();
        consumer.close();
    }

    /** The pipeline reported the analysis failed, with its reason. */
    public static final class AnalysisFailedException extends RuntimeException {
        public AnalysisFailedException(String analysisId, String reason) {
            super("analysis " + analysisId + " failed: " + reason);
        }
    }
}
