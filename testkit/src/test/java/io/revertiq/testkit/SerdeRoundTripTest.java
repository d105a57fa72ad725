package io.revertiq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.revertiq.schemas.TopicSpec;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.serde.SubjectNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Avro topic of the catalog: records written by our serde come back equal, through broker and registry. */
@ExtendWith(KafkaPlatformExtension.class)
class SerdeRoundTripTest {

    static Stream<TopicSpec<?, ?>> avroTopics() {
        return Topics.ALL.stream().filter(t -> SpecificRecord.class.isAssignableFrom(t.valueType()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("avroTopics")
    <V> void everyAvroTopicRoundTrips(TopicSpec<String, V> topic, TestPlatform platform) {
        List<V> sent = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            sent.add(topic.valueType().cast(SampleRecords.of(topic.valueType().asSubclass(SpecificRecord.class), seed)));
        }
        TopicPartition partition = new TopicPartition(topic.name(), 0);
        long start;
        try (KafkaConsumer<String, V> consumer = consumer(topic, platform)) {
            consumer.assign(List.of(partition));
            start = consumer.endOffsets(List.of(partition)).get(partition);
        }
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                topic.keySerde(platform.registry()).serializer(), topic.valueSerde(platform.registry()).serializer())) {
            for (V value : sent) {
                producer.send(new ProducerRecord<>(topic.name(), 0, "key", value));
            }
        }
        List<V> received = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = consumer(topic, platform)) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, start);
            long deadline = System.currentTimeMillis() + 30_000;
            while (received.size() < sent.size() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    received.add(record.value());
                }
            }
        }
        assertEquals(sent, received);
        assertEquals(1, platform.registry().versions(SubjectNames.topicName(topic.name(), false)).size(),
                "the value schema is registered once under the TopicNameStrategy subject");
    }

    private static <V> KafkaConsumer<String, V> consumer(TopicSpec<String, V> topic, TestPlatform platform) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                topic.keySerde(platform.registry()).deserializer(), topic.valueSerde(platform.registry()).deserializer());
    }
}
