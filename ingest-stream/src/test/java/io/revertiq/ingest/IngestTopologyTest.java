package io.revertiq.ingest;

import io.revertiq.analysis.stream.StreamsSettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.avro.AnalysisRequest;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.avro.Bar;
import io.revertiq.avro.DataReady;
import io.revertiq.avro.DeadLetter;
import io.revertiq.avro.ShardRef;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.ingest.provider.BarProvider;
import io.revertiq.ingest.provider.FileProvider;
import io.revertiq.ingest.provider.ProviderException;
import io.revertiq.ingest.provider.SyntheticProvider;
import io.revertiq.schemas.TopicSpec;
import io.revertiq.schemas.Topics;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The topology in a TopologyTestDriver, with the catalog's Avro serdes against the testkit's real registry. */
@ExtendWith(KafkaPlatformExtension.class)
class IngestTopologyTest {
    private static final LocalDate FROM = LocalDate.of(2024, 3, 4);
    private static final LocalDate TO = LocalDate.of(2024, 3, 15);

    @TempDir
    Path dir;

    private final TestPlatform platform;

    IngestTopologyTest(TestPlatform platform) {
        this.platform = platform;
    }

    private TopologyTestDriver driver(BarProvider provider) {
        StreamsSettings settings = new StreamsSettings("ingest-test", "unused:9092", platform.registryUrl(),
                dir.resolve("state"), 1);
        IngestConfig config = new IngestConfig(settings, dir.resolve("lake"), provider, Duration.ofSeconds(10));
        return new TopologyTestDriver(IngestTopology.buildTopology(config), settings.properties());
    }

    private <K, V> TestInputTopic<K, V> input(TopologyTestDriver driver, TopicSpec<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde(platform.registry()).serializer(),
                topic.valueSerde(platform.registry()).serializer());
    }

    private <K, V> TestOutputTopic<K, V> output(TopologyTestDriver driver, TopicSpec<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde(platform.registry()).deserializer(),
                topic.valueSerde(platform.registry()).deserializer());
    }

    @Test
    void aRequestBecomesDataReadyWithTheOfflineDataHash() throws ProviderException {
        SyntheticProvider provider = new SyntheticProvider(11, List.of());
        AnalysisRequest request = Requests.request("a-1", Requests.params("SPY", FROM, TO));
        try (TopologyTestDriver driver = driver(provider)) {
            input(driver, Topics.ANALYSIS_REQUESTS).pipeInput("a-1", request);

            AnalysisStatus status = output(driver, Topics.ANALYSIS_STATUS).readValue();
            assertEquals(AnalysisState.ingesting, status.getStatus());
            assertEquals("ingest", status.getStage());
            DataReady ready = output(driver, Topics.DATA_READY).readValue();
            assertEquals("a-1", ready.getAnalysisId());
            assertEquals(request, ready.getRequest());
            assertEquals("synthetic", ready.getProvider());
            assertEquals(List.of("2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07", "2024-03-08", "2024-03-11",
                    "2024-03-12", "2024-03-13", "2024-03-14", "2024-03-15"),
                    ready.getShards().stream().map(ShardRef::getDate).toList());
            assertEquals(10 * 78, ready.getBarCount());
            RawBars bars = provider.fetch("SPY", "5m", FROM, TO);
            assertEquals(Requests.offlineDataHash(bars, request), ready.getDataHash());
            assertTrue(output(driver, Topics.DEAD_LETTERS).isEmpty());
        }
    }

    @Test
    void aProviderFailureGivesFailedStatusAndADeadLetter() throws Exception {
        Files.createDirectories(dir.resolve("bars"));
        AnalysisRequest request = Requests.request("a-2", Requests.params("NOPE", FROM, TO));
        try (TopologyTestDriver driver = driver(new FileProvider(dir.resolve("bars")))) {
            input(driver, Topics.ANALYSIS_REQUESTS).pipeInput("a-2", request);

            List<AnalysisStatus> statuses = output(driver, Topics.ANALYSIS_STATUS).readValuesToList();
            assertEquals(List.of(AnalysisState.ingesting, AnalysisState.failed),
                    statuses.stream().map(AnalysisStatus::getStatus).toList());
            assertTrue(statuses.get(1).getReason().startsWith("NOT_FOUND: no bar file for NOPE"),
                    statuses.get(1).getReason());
            DeadLetter letter = output(driver, Topics.DEAD_LETTERS).readValue();
            assertEquals(Topics.ANALYSIS_REQUESTS.name(), letter.getSourceTopic());
            assertEquals(0L, letter.getOffset());
            assertEquals("ingest", letter.getStage());
            assertEquals(ProviderException.class.getName(), letter.getErrorClass());
            assertEquals("a-2", letter.getAnalysisId());
            assertEquals(request, Topics.ANALYSIS_REQUESTS.valueSerde(platform.registry()).deserializer()
                    .deserialize(Topics.ANALYSIS_REQUESTS.name(), bytes(letter.getValue())));
            assertTrue(output(driver, Topics.DATA_READY).isEmpty());
        }
    }

    @Test
    void anUndecodableRequestIsDeadLetteredNotDropped() {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        try (TopologyTestDriver driver = driver(new SyntheticProvider(1, List.of()))) {
            driver.createInputTopic(Topics.ANALYSIS_REQUESTS.name(), new ByteArraySerializer(), new ByteArraySerializer())
                    .pipeInput("a-3".getBytes(StandardCharsets.UTF_8), garbage);

            DeadLetter letter = output(driver, Topics.DEAD_LETTERS).readValue();
            assertArrayEquals(garbage, bytes(letter.getValue()));
            assertArrayEquals("a-3".getBytes(StandardCharsets.UTF_8), bytes(letter.getKey()));
            AnalysisStatus failed = output(driver, Topics.ANALYSIS_STATUS).readValue();
            assertEquals("a-3", failed.getAnalysisId());
            assertEquals(AnalysisState.failed, failed.getStatus());
        }
    }

    @Test
    void requestsOverTheSameBarsEachGetTheirOwnOfflineDataHash() throws ProviderException {
        SyntheticProvider provider = new SyntheticProvider(11, List.of());
        AnalysisParams base = Requests.params("SPY", FROM, TO);
        AnalysisParams otherCosts = new AnalysisParams(base.ticker(), base.horizon(), base.bar(), base.windows(),
                new AnalysisParams.Signal(AnalysisParams.Detrend.EMA, 10, AnalysisParams.Volatility.STD, 30, true),
                base.params(), new AnalysisParams.Costs("bars", 1.0, 0.8, 0.7), base.walkForward(),
                base.significance(), base.output());
        AnalysisParams shorter = Requests.params("SPY", FROM.plusDays(1), TO);
        List<AnalysisRequest> requests = List.of(Requests.request("b-1", base), Requests.request("b-2", otherCosts),
                Requests.request("b-3", shorter), Requests.request("b-4", base));
        try (TopologyTestDriver driver = driver(provider)) {
            requests.forEach(r -> input(driver, Topics.ANALYSIS_REQUESTS).pipeInput(r.getAnalysisId().toString(), r));
            List<DataReady> ready = output(driver, Topics.DATA_READY).readValuesToList();
            assertEquals(4, ready.size());
            RawBars bars = provider.fetch("SPY", "5m", FROM, TO);
            RawBars shorterBars = provider.fetch("SPY", "5m", FROM.plusDays(1), TO);
            assertEquals(Requests.offlineDataHash(bars, requests.get(0)), ready.get(0).getDataHash());
            assertEquals(Requests.offlineDataHash(bars, requests.get(1)), ready.get(1).getDataHash());
            assertEquals(Requests.offlineDataHash(shorterBars, requests.get(2)), ready.get(2).getDataHash());
            assertEquals(9 * 78, ready.get(2).getBarCount());
            assertEquals(ready.get(0).getDataHash(), ready.get(3).getDataHash());
            assertEquals(10 * 78, ready.get(3).getBarCount());
        }
    }

    @Test
    void marketBarsAreRolledIntoDailyShards() throws Exception {
        Bar first = new Bar("SPY", "5m", 1709562600000L, 10.0, 11.0, 9.0, 10.5, 100.0, null, 3L, "backfill");
        Bar second = new Bar("SPY", "5m", 1709649000000L, 10.5, 11.0, 10.0, 10.8, 200.0, 10.6, null, "backfill");
        Bar misKeyed = new Bar("QQQ", "5m", 1709562600000L, 10.0, 11.0, 9.0, 10.5, 100.0, null, null, "backfill");
        try (TopologyTestDriver driver = driver(new SyntheticProvider(1, List.of()))) {
            TestInputTopic<String, Bar> bars = input(driver, Topics.MARKET_BARS);
            bars.pipeInput("SPY#5m", first);
            bars.pipeInput("SPY#5m", second);
            bars.pipeInput("SPY#5m", misKeyed);
            ParquetLake lake = new ParquetLake(dir.resolve("lake"));
            assertTrue(lake.coverage("backfill", "SPY", "5m", FROM, FROM.plusDays(1)).missing().size() == 2,
                    "nothing is written before the flush");

            driver.advanceWallClockTime(Duration.ofSeconds(11));

            List<ShardRef> shards = lake.shards("backfill", "SPY", "5m", FROM, FROM.plusDays(1));
            assertEquals(List.of("2024-03-04", "2024-03-05"), shards.stream().map(ShardRef::getDate).toList());
            assertArrayEquals(new long[] {1709562600000L, 1709649000000L}, lake.load(shards).t);
            DeadLetter letter = output(driver, Topics.DEAD_LETTERS).readValue();
            assertEquals(Topics.MARKET_BARS.name(), letter.getSourceTopic());
            assertEquals(2L, letter.getOffset());
            assertTrue(letter.getReason().contains("ticker#interval"), letter.getReason());
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
