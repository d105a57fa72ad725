package io.revertiq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.revertiq.avro.Bar;
import io.revertiq.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The embedded broker restarts on its own data: records and registered schemas are still there. */
@ExtendWith(KafkaPlatformExtension.class)
class BrokerRestartTest {

    @Test
    void recordsSurviveABrokerRestart(TestPlatform platform) throws Exception {
        assumeTrue(platform.platform().kafka() != null, "restarts need the embedded broker");
        TopicPartition partition = new TopicPartition(Topics.LIVE_BARS.name(), 5);
        Bar bar = Bar.newBuilder().setTicker("DIA").setInterval("5m").setT(1L).setO(1).setH(1).setL(1).setC(1)
                .setV(1).build();
        long offset;
        try (KafkaProducer<String, Bar> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                Topics.LIVE_BARS.keySerde(platform.registry()).serializer(),
                Topics.LIVE_BARS.valueSerde(platform.registry()).serializer())) {
            offset = producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), "DIA#5m", bar))
                    .get().offset();
        }

        platform.restartBroker();

        List<Bar> read = new ArrayList<>();
        try (KafkaConsumer<String, Bar> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                Topics.LIVE_BARS.keySerde(platform.registry()).deserializer(),
                // a fresh client: the schema comes from the registry again, which reads _schemas after the restart
                Topics.LIVE_BARS.valueSerde(new io.revertiq.schemas.registry.SchemaRegistryClient(platform.registryUrl()))
                        .deserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.currentTimeMillis() + 60_000;
            while (read.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, Bar> record : consumer.poll(Duration.ofMillis(250))) {
                    read.add(record.value());
                }
            }
        }
        assertEquals(List.of(bar), read);
    }
}
