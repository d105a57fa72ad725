package io.revertiq.ingest;

import io.revertiq.analysis.stream.StreamsSettings;
import org.apache.kafka.streams.KafkaStreams;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.avro.AnalysisRequest;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.avro.DataReady;
import io.revertiq.avro.DeadLetter;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.ingest.provider.ProviderException;
import io.revertiq.ingest.provider.SyntheticProvider;
import io.revertiq.schemas.TopicSpec;
import io.revertiq.schemas.Topics;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The ingest service on the testkit's real broker and registry: requests in, DataReady / failures out. */
@ExtendWith(KafkaPlatformExtension.class)
class IngestIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void ingestsARequestAndFailsOneTheProviderRefuses(TestPlatform platform) throws Exception {
        String run = UUID.randomUUID().toString();
        SyntheticProvider provider = new SyntheticProvider(5, List.of());
        AnalysisRequest ok = Requests.request("ok-" + run,
                Requests.params("QQQ", LocalDate.of(2024, 3, 4), LocalDate.of(2024, 3, 8)));
        // the synthetic market ends with the calendar (2027): the provider refuses 2030 with BAD_REQUEST
        AnalysisRequest refused = Requests.request("refused-" + run,
                Requests.params("QQQ", LocalDate.of(2030, 1, 2), LocalDate.of(2030, 1, 4)));
        StreamsSettings settings = new StreamsSettings("ingest-it-" + run, platform.bootstrapServers(),
                platform.registryUrl(), dir.resolve("state"), 1);
        IngestConfig config = new IngestConfig(settings, dir.resolve("lake"), provider, Duration.ofSeconds(5));

        try (KafkaStreams service = new KafkaStreams(IngestTopology.buildTopology(config), settings.properties())) {
            service.start();
            try (KafkaProducer<String, AnalysisRequest> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                    Topics.ANALYSIS_REQUESTS.keySerde(platform.registry()).serializer(),
                    Topics.ANALYSIS_REQUESTS.valueSerde(platform.registry()).serializer())) {
                producer.send(new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(), ok.getAnalysisId(), ok)).get();
                producer.send(new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(), refused.getAnalysisId(), refused)).get();
            }

            DataReady ready = first(platform, Topics.DATA_READY, r -> r.getAnalysisId().equals(ok.getAnalysisId()));
            RawBars bars = provider.fetch("QQQ", "5m", LocalDate.of(2024, 3, 4), LocalDate.of(2024, 3, 8));
            assertEquals(Requests.offlineDataHash(bars, ok), ready.getDataHash());
            assertEquals(5, ready.getShards().size());
            RawBars reread = new ParquetLake(dir.resolve("lake")).load(ready.getShards());
            assertArrayEquals(bars.t, reread.t);
            assertArrayEquals(bars.close, reread.close);
            assertEquals(bars.size(), ready.getBarCount());

            AnalysisStatus failed = first(platform, Topics.ANALYSIS_STATUS,
                    s -> s.getAnalysisId().equals(refused.getAnalysisId()) && s.getStatus() == AnalysisState.failed);
            assertTrue(failed.getReason().startsWith("BAD_REQUEST"), failed.getReason());
            DeadLetter letter = first(platform, Topics.DEAD_LETTERS,
                    d -> refused.getAnalysisId().equals(d.getAnalysisId()));
            assertEquals(Topics.ANALYSIS_REQUESTS.name(), letter.getSourceTopic());
            assertEquals(ProviderException.class.getName(), letter.getErrorClass());
            assertEquals("ingest", letter.getStage());
        }
    }

    /** The first value on the topic (read from the beginning) that matches, or a failure after {@link #WAIT}. */
    private static <V> V first(TestPlatform platform, TopicSpec<String, V> topic, Predicate<V> wanted) {
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "ingest-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                topic.keySerde(platform.registry()).deserializer(), topic.valueSerde(platform.registry()).deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<V> seen = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(250))) {
                    seen.add(record.value());
                    if (wanted.test(record.value())) {
                        return record.value();
                    }
                }
            }
            throw new AssertionError("no matching record on " + topic.name() + " within " + WAIT + "; saw " + seen.size());
        }
    }
}
