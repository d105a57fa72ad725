package io.revertiq.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.OfflineAnalyzer;
import io.revertiq.analysis.io.BarFileWriter;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.io.ResultJson;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.avro.DeadLetter;
import io.revertiq.engine.synthetic.SyntheticMarket;
import io.revertiq.ingest.provider.FileProvider;
import io.revertiq.schemas.Topics;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline (ingest -> analysis -> results) on the real embedded broker: its result equals the offline
 * engine's byte for byte (apart from ids, timestamps and the names of the inputs), also with two instances, an
 * instance closed mid-analysis and a broker restart mid-analysis; poison records are dead-lettered; identical
 * requests come from the cache.
 */
@ExtendWith(KafkaPlatformExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One year of 1-minute bars with a planted Monday 10:30-11:30 window; 10 cells. */
    private static final String PLANTED_REQUEST = """
            {"ticker":"PLNT","horizon":{"start":"2023-01-03","end":"2023-12-29"},"bar":{"interval":"1m"},
             "windows":{"spec":"09:30-11:30/60m"},"signal":{"session_reset":true},
             "walk_forward":{"train_days":60,"test_days":20,"step_days":20},
             "significance":{"min_trades":30,"bootstrap_samples":1000},"output":{"explain":true}}""";
    private static final String SPY_REQUEST = """
            {"ticker":"SPY","horizon":{"start":"2022-02-14","end":"2023-06-22"},"bar":{"interval":"5m"},
             "windows":{"spec":"10:00-15:00/60m"},"significance":{"min_trades":30,"bootstrap_samples":2000}}""";

    @TempDir
    static Path data;
    private static TestPlatform platform;
    private static Pipeline main;
    private static PipelineClient client;

    @BeforeAll
    static void start(TestPlatform testPlatform) throws Exception {
        platform = testPlatform;
        Path files = Files.createDirectories(data.resolve("files"));
        BarFileWriter.writeCsv(SyntheticMarket.builder(11).dates(LocalDate.of(2023, 1, 3), LocalDate.of(2023, 12, 29))
                .plant(1, 10 * 60 + 30, 11 * 60 + 30, 0.6).generate(), files.resolve("PLNT.csv"));
        Path shared = Path.of(System.getProperty("revertiq.shared", "../../shared"));
        Files.copy(shared.resolve("data/bars/SPY_5m_2022-02-14_2023-06-22_rth.csv"), files.resolve("SPY.csv"));
        main = pipeline("a");
        client = new PipelineClient(platform.bootstrapServers(), platform.registry());
    }

    @AfterAll
    static void stop() {
        client.close();
        main.close();
    }

    private static Pipeline pipeline(String instance) throws InterruptedException {
        return Pipeline.start(new Pipeline.Config(platform.bootstrapServers(), platform.registryUrl(), data,
                new FileProvider(data.resolve("files")), instance, "test", 1, Duration.ofHours(24)))
                .awaitRunning(Duration.ofSeconds(90));
    }

    private static String offline(String ticker, String request) throws Exception {
        OfflineAnalyzer.Report report = new OfflineAnalyzer("test", Clock.systemUTC())
                .analyze(data.resolve("files").resolve(ticker + ".csv"), request, (done, total) -> { });
        return normalised(report.json());
    }

    /** Ids, times and the names of the inputs (the file offline, lake shards in the pipeline) differ by design. */
    private static String normalised(String responseJson) throws Exception {
        ObjectNode response = (ObjectNode) JSON.readTree(responseJson);
        response.put("analysis_id", "");
        ObjectNode provenance = (ObjectNode) response.get("provenance");
        provenance.put("generated_at", "");
        provenance.putArray("inputs");
        return ResultJson.toText(response);
    }

    private static AnalysisResult run(String request, Consumer<AnalysisStatus> progress) {
        String id = client.submit(RequestParser.parse(request));
        return client.await(id, Duration.ofMinutes(3), progress);
    }

    @Test
    @Order(1)
    void pipelineEqualsOfflineOnPlantedData() throws Exception {
        AnalysisResult result = run(PLANTED_REQUEST, s -> { });
        assertEquals(offline("PLNT", PLANTED_REQUEST), normalised(result.getResultJson()));
        assertEquals("MON", result.getWindowsRanked().get(0).getDow());
        assertTrue(result.getWindowsRanked().get(0).getSignificant());
    }

    @Test
    @Order(2)
    void pipelineEqualsOfflineOnRealSpyBars() throws Exception {
        AnalysisResult result = run(SPY_REQUEST, s -> { });
        String pipeline = normalised(result.getResultJson());
        assertEquals(offline("SPY", SPY_REQUEST), pipeline);
        assertTrue(pipeline.contains("\"2023-02-10\""), "the missing day is in the data-quality block");
    }

    @Test
    @Order(3)
    void anIdenticalRequestIsAnsweredFromTheCacheWithoutNewCellTasks() throws Exception {
        AnalysisResult first = run(SPY_REQUEST, s -> { });
        long tasksBefore = endOffsets(Topics.CELL_TASKS.name());
        String secondId = client.submit(RequestParser.parse(SPY_REQUEST));
        AnalysisResult second = client.await(secondId, Duration.ofMinutes(1), s -> { });
        assertEquals(secondId, second.getAnalysisId());
        assertNotEquals(first.getAnalysisId(), second.getAnalysisId());
        assertTrue(second.getCachedFrom() != null, "answered from the cache");
        assertEquals(tasksBefore, endOffsets(Topics.CELL_TASKS.name()), "no new cell task");
        assertEquals(normalised(first.getResultJson()), normalised(second.getResultJson()));
    }

    @Test
    @Order(4)
    void twoInstancesShareTheCellsAndOneMayLeaveMidAnalysis() throws Exception {
        String expected = offline("PLNT", PLANTED_REQUEST.replace("1000}", "1001}"));
        try (Pipeline second = pipeline("b")) {
            awaitStableAssignment(second);
            assertTrue(ownsCellTaskPartitions(main.analysis()) && ownsCellTaskPartitions(second.analysis()),
                    "both instances own cell-task partitions");
            AnalysisResult shared = run(PLANTED_REQUEST.replace("1000}", "1001}"), s -> { });
            assertEquals(expected, normalised(shared.getResultJson()));

            String request = PLANTED_REQUEST.replace("1000}", "1002}");
            String expectedAfterLeave = offline("PLNT", request);
            CountDownLatch started = new CountDownLatch(1);
            String id = client.submit(RequestParser.parse(request));
            Thread closer = new Thread(() -> {
                try {
                    started.await();
                    second.analysis().close(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            closer.start();
            AnalysisResult afterLeave = client.await(id, Duration.ofMinutes(3), s -> started.countDown());
            closer.join();
            assertEquals(expectedAfterLeave, normalised(afterLeave.getResultJson()));
        }
    }

    @Test
    @Order(5)
    void aBrokerRestartMidAnalysisChangesNothing() throws Exception {
        assumeTrue(platform.platform().kafka() != null, "restarts need the embedded broker");
        String request = PLANTED_REQUEST.replace("1000}", "1003}");
        String expected = offline("PLNT", request);
        AtomicBoolean restarted = new AtomicBoolean();
        String id = client.submit(RequestParser.parse(request));
        AnalysisResult result = client.await(id, Duration.ofMinutes(4), s -> {
            if (restarted.compareAndSet(false, true)) {
                platform.restartBroker();
            }
        });
        assertTrue(restarted.get());
        assertEquals(expected, normalised(result.getResultJson()));
    }

    @Test
    @Order(6)
    void aPoisonRequestIsDeadLetteredAndTheNextAnalysisSucceeds() throws Exception {
        String poisonId = "an_poison_" + System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.ANALYSIS_REQUESTS.name(), poisonId,
                    new byte[] {0, 0, 0, 0, 99, 7, 7, 7})).get();
        }
        PipelineClient.AnalysisFailedException failed = assertThrows(PipelineClient.AnalysisFailedException.class,
                () -> client.await(poisonId, Duration.ofMinutes(1), s -> { }));
        assertTrue(failed.getMessage().contains(poisonId), failed.getMessage());
        DeadLetter letter = deadLetterFor(poisonId);
        assertEquals(Topics.ANALYSIS_REQUESTS.name(), letter.getSourceTopic());
        assertTrue(!letter.getReason().isBlank());

        AnalysisResult next = run(PLANTED_REQUEST.replace("1000}", "1004}"), s -> { });
        assertEquals("complete", next.getStatus());
    }

    private static boolean ownsCellTaskPartitions(KafkaStreams streams) {
        return streams.metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .anyMatch(tp -> tp.topic().equals(Topics.CELL_TASKS.name()));
    }

    private static void awaitStableAssignment(Pipeline second) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (main.analysis().state() == KafkaStreams.State.RUNNING
                    && second.analysis().state() == KafkaStreams.State.RUNNING
                    && ownsCellTaskPartitions(main.analysis()) && ownsCellTaskPartitions(second.analysis())) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static long endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = bytesConsumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static DeadLetter deadLetterFor(String analysisId) {
        try (KafkaConsumer<byte[], byte[]> consumer = bytesConsumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS.name()).stream()
                    .map(p -> new TopicPartition(Topics.DEAD_LETTERS.name(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    DeadLetter letter = Topics.DEAD_LETTERS.valueSerde(platform.registry()).deserializer()
                            .deserialize(record.topic(), record.value());
                    if (analysisId.equals(letter.getAnalysisId())) {
                        return letter;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter for " + analysisId);
    }

    private static KafkaConsumer<byte[], byte[]> bytesConsumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }
}
