package io.revertiq.edge.webhooks;

import io.revertiq.avro.WebhookDeadLetter;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes dead deliveries to {@code revertiq.webhook-dead-letters} (key: analysis_id), acknowledged by all in-sync
 * replicas, on a worker thread (a producer may block on metadata).
 */
public final class DeadLetterPublisher implements AutoCloseable {
    private final Vertx vertx;
    private final KafkaProducer<String, WebhookDeadLetter> producer;
    private final Duration timeout;

    /** @param timeout how long a batch may take to be acknowledged before the publication is retried later */
    public DeadLetterPublisher(Vertx vertx, String bootstrapServers, SchemaRegistryClient registry, Duration timeout) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000),
                ProducerConfig.LINGER_MS_CONFIG, 0),
                Topics.WEBHOOK_DEAD_LETTERS.keySerde(registry).serializer(),
                Topics.WEBHOOK_DEAD_LETTERS.valueSerde(registry).serializer());
    }

    Future<Void> publish(List<WebhookOutbox.DeadDelivery> dead) {
        return vertx.executeBlocking(() -> {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            for (WebhookOutbox.DeadDelivery d : dead) {
                sent.add(producer.send(new ProducerRecord<>(Topics.WEBHOOK_DEAD_LETTERS.name(), d.analysisId(), record(d))));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (java.util.concurrent.Future<RecordMetadata> ack : sent) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return null;
        }, false);
    }

    static WebhookDeadLetter record(WebhookOutbox.DeadDelivery d) {
        return WebhookDeadLetter.newBuilder()
                .setDeliveryId(d.id()).setEventId(d.eventId()).setEventType(d.type().id()).setAnalysisId(d.analysisId())
                .setTenantId(d.tenantId().toString()).setUrl(d.url()).setAttempts(d.attempts())
                .setLastHttpStatus(d.lastHttpStatus())
                .setReason("gave up after " + d.attempts() + (d.attempts() == 1 ? " attempt" : " attempts")
                        + "; the last one: " + d.lastError())
                .setPayload(d.payload()).setCreatedAt(d.createdAt()).setDeadAt(d.deadAt())
                .build();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
