package io.revertiq.analysis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.avro.CellTask;
import io.revertiq.avro.DataReady;
import io.revertiq.avro.DeadLetter;
import io.revertiq.avro.SeriesDiagnostics;
import io.revertiq.avro.ShardRef;
import io.revertiq.avro.WindowResult;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.cell.CellEvaluator;
import io.revertiq.engine.cell.CellSlice;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.windows.Bin;
import io.revertiq.schemas.TopicSpec;
import io.revertiq.schemas.Topics;
import io.revertiq.testkit.DriverTopics;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The analysis topology in a TopologyTestDriver (serdes against the real registry endpoint). */
@ExtendWith(KafkaPlatformExtension.class)
class AnalysisTopologyTest {
    @TempDir
    Path dir;
    private TestPlatform platform;
    private TopologyTestDriver driver;
    private ParquetLake lake;

    @BeforeEach
    void start(TestPlatform platform) {
        this.platform = platform;
        lake = new ParquetLake(dir.resolve("lake"));
        StreamsSettings settings = new StreamsSettings("analysis-ttd", "localhost:1", platform.registryUrl(),
                dir.resolve("state"), 1);
        driver = new TopologyTestDriver(AnalysisTopology.buildTopology(new AnalysisConfig(settings, lake.root(),
                Duration.ofHours(24), AnalysisConfig.DEFAULT_SERIES_MEMO_BARS), platform.registry()), settings.properties());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private <V> TestInputTopic<String, V> input(TopicSpec<String, V> topic) {
        return DriverTopics.input(driver, topic, platform.registry());
    }

    private <V> TestOutputTopic<String, V> output(TopicSpec<String, V> topic) {
        return DriverTopics.output(driver, topic, platform.registry());
    }

    private DataReady dataReady(String analysisId) throws Exception {
        AnalysisParams params = RequestParser.parse(PlantedAnalysis.REQUEST);
        RawBars bars = PlantedAnalysis.bars();
        List<ShardRef> shards = lake.write("synthetic", "SYN", "1m", bars, LocalDate.of(2023, 1, 3),
                LocalDate.of(2023, 12, 29));
        String hash = Analysis.prepare(bars, params, RequestParser.canonicalJson(params)).dataHash();
        return DataReady.newBuilder().setAnalysisId(analysisId)
                .setRequest(RequestMapping.toAvro(analysisId, null, Instant.EPOCH, params, "fp"))
                .setProvider("synthetic").setQueryFrom("2023-01-03").setQueryTo("2023-12-29").setShards(shards)
                .setBarCount(bars.size()).setDataHash(hash).build();
    }

    @Test
    void oneDataReadyFansOutToOneTaskPerCellAndOneResultPerTask() throws Exception {
        DataReady ready = dataReady("an_1");
        input(Topics.DATA_READY).pipeInput("an_1", ready);

        List<SeriesDiagnostics> headers = output(Topics.SERIES_DIAGNOSTICS).readValuesToList();
        assertEquals(1, headers.size());
        assertEquals(ready.getDataHash(), headers.get(0).getDataHash());
        assertEquals(10, headers.get(0).getCellsTotal(), "5 days x 2 bins");

        Map<String, CellTask> tasks = new HashMap<>();
        output(Topics.CELL_TASKS).readKeyValuesToList().forEach(kv -> tasks.put(kv.key, kv.value));
        assertEquals(10, tasks.size());
        assertTrue(tasks.containsKey("an_1|MON|10:30-11:30"), tasks.keySet().toString());

        // the evaluator consumed the tasks it produced: one window result per cell, equal to evaluating the slice
        List<WindowResult> results = output(Topics.WINDOW_RESULTS).readValuesToList();
        assertEquals(10, results.size());
        AnalysisParams params = RequestParser.parse(PlantedAnalysis.REQUEST);
        Analysis.Prepared prepared = Analysis.prepare(PlantedAnalysis.bars(), params,
                RequestParser.canonicalJson(params));
        CellSlice monday = prepared.slices().stream().filter(s -> s.cellKey().equals("MON|10:30-11:30")).findFirst()
                .orElseThrow();
        WindowResult expected = AvroMapping.toAvro("an_1", 10,
                new CellEvaluator().evaluate(monday, params, prepared.dataHash(), monday.cellKey()));
        assertEquals(expected, results.stream().filter(r -> r.getCellKey().equals("MON|10:30-11:30")).findFirst()
                .orElseThrow());

        List<AnalysisStatus> statuses = output(Topics.ANALYSIS_STATUS).readValuesToList();
        assertEquals(List.of("zseries", "cells"), statuses.stream().map(AnalysisStatus::getStage).toList());
        assertEquals(AnalysisState.running, statuses.get(1).getStatus());
        assertEquals(10, statuses.get(1).getCellsTotal());
        assertTrue(output(Topics.DEAD_LETTERS).isEmpty());
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndItsAnalysisFailed() throws Exception {
        driver.createInputTopic(Topics.DATA_READY.name(), Topics.DATA_READY.keySerde(platform.registry()).serializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())
                .pipeInput("an_poison", new byte[] {0, 0, 0, 0, 42, 1, 2, 3});

        DeadLetter letter = output(Topics.DEAD_LETTERS).readValue();
        assertEquals(Topics.DATA_READY.name(), letter.getSourceTopic());
        assertEquals("fan-out", letter.getStage());
        assertEquals("an_poison", letter.getAnalysisId());
        assertEquals(8, letter.getValue().remaining(), "the poison bytes are kept as they arrived");
        AnalysisStatus status = output(Topics.ANALYSIS_STATUS).readValue();
        assertEquals(AnalysisState.failed, status.getStatus());
        assertTrue(status.getReason() != null && !status.getReason().isBlank());
        assertTrue(output(Topics.CELL_TASKS).isEmpty());

        // the next analysis still succeeds
        input(Topics.DATA_READY).pipeInput("an_2", dataReady("an_2"));
        assertEquals(10, output(Topics.WINDOW_RESULTS).readValuesToList().size());
    }

    /** A cached result of an earlier analysis over the same data_hash, computed by the given engine version. */
    private static AnalysisResult earlierResult(DataReady ready, String engineVersion) {
        return AnalysisResult.newBuilder().setAnalysisId("an_old").setStatus("complete")
                .setTicker("SYN").setDataHash(ready.getDataHash()).setRequestFingerprint("fp")
                .setGeneratedAt(Instant.now()).setWindowsRanked(List.of())
                .setResultJson("{\"analysis_id\":\"an_old\",\"status\":\"complete\",\"provenance\":{\"engine_version\":\""
                        + engineVersion + "\"}}\n").build();
    }

    @Test
    void anIdenticalRequestWithinTheTtlIsAnsweredFromTheCache() throws Exception {
        DataReady ready = dataReady("an_new");
        input(Topics.RESULTS_BY_FINGERPRINT).pipeInput(ready.getDataHash(), earlierResult(ready, Analysis.ENGINE_VERSION));

        input(Topics.DATA_READY).pipeInput("an_new", ready, Instant.now());

        TestRecord<String, AnalysisResult> answered = output(Topics.ANALYSIS_RESULTS).readRecord();
        AnalysisResult answer = answered.value();
        assertEquals("an_old", new String(answered.headers().lastHeader(Topics.CACHED_FROM_HEADER).value(),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("an_new", answer.getAnalysisId());
        assertEquals("an_old", answer.getCachedFrom());
        assertTrue(answer.getResultJson().startsWith("{\"analysis_id\":\"an_new\",\"status\":\"complete\""),
                answer.getResultJson());
        assertTrue(output(Topics.CELL_TASKS).isEmpty(), "no cell task for a cached answer");
        assertEquals(AnalysisState.complete, output(Topics.ANALYSIS_STATUS).readValue().getStatus());
    }

    @Test
    void aCachedResultOfAnotherEngineVersionIsRecomputed() throws Exception {
        DataReady ready = dataReady("an_upgraded");
        input(Topics.RESULTS_BY_FINGERPRINT).pipeInput(ready.getDataHash(), earlierResult(ready, "engine-1.0.0"));
        input(Topics.DATA_READY).pipeInput("an_upgraded", ready, Instant.now());
        assertTrue(output(Topics.ANALYSIS_RESULTS).isEmpty(), "numbers of another engine are not reused");
        assertEquals(10, output(Topics.CELL_TASKS).readValuesToList().size());
        assertTrue(output(Topics.DEAD_LETTERS).isEmpty());
    }

    @Test
    void anExpiredCacheEntryIsRecomputed() throws Exception {
        DataReady ready = dataReady("an_late");
        AnalysisResult stale = AnalysisResult.newBuilder(earlierResult(ready, Analysis.ENGINE_VERSION))
                .setGeneratedAt(Instant.now().minus(Duration.ofHours(25))).build();
        input(Topics.RESULTS_BY_FINGERPRINT).pipeInput(ready.getDataHash(), stale);
        input(Topics.DATA_READY).pipeInput("an_late", ready, Instant.now());
        assertTrue(output(Topics.ANALYSIS_RESULTS).isEmpty());
        assertEquals(10, output(Topics.CELL_TASKS).readValuesToList().size());
    }

    @Test
    void aTombstonedOrUnreadableCacheEntryIsRecomputed() throws Exception {
        DataReady ready = dataReady("an_again");
        input(Topics.RESULTS_BY_FINGERPRINT).pipeInput(ready.getDataHash(), earlierResult(ready, Analysis.ENGINE_VERSION));
        input(Topics.RESULTS_BY_FINGERPRINT).pipeInput(ready.getDataHash(), null); // the results TTL ended
        input(Topics.DATA_READY).pipeInput("an_again", ready, Instant.now());
        assertTrue(output(Topics.ANALYSIS_RESULTS).isEmpty());
        assertEquals(10, output(Topics.CELL_TASKS).readValuesToList().size());

        driver.createInputTopic(Topics.RESULTS_BY_FINGERPRINT.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput(ready.getDataHash(), new byte[] {0, 0, 0, 0, 1, 7});
        input(Topics.DATA_READY).pipeInput("an_third", dataReady("an_third"), Instant.now());
        assertTrue(output(Topics.ANALYSIS_RESULTS).isEmpty());
        assertEquals(10, output(Topics.CELL_TASKS).readValuesToList().size());
        assertTrue(output(Topics.DEAD_LETTERS).isEmpty(), "a cache entry that cannot be read is a miss, not a failure");
    }

    private CellTask task(DataReady ready, String seriesKey, String dataHash) {
        return AvroMapping.toTask(ready.getAnalysisId(), 10, dataHash, seriesKey, ready.getProvider(),
                ready.getRequest(), 1, new Bin(630, 690));
    }

    @Test
    void aCellOfASeriesThisInstanceNeverSawIsEvaluatedFromTheLake() throws Exception {
        DataReady ready = dataReady("an_cell");
        input(Topics.CELL_TASKS).pipeInput("an_cell|MON|10:30-11:30", task(ready, "unseen", ready.getDataHash()));

        AnalysisParams params = RequestParser.parse(PlantedAnalysis.REQUEST);
        Analysis.Prepared prepared = Analysis.prepare(PlantedAnalysis.bars(), params,
                RequestParser.canonicalJson(params));
        CellSlice monday = prepared.slices().stream().filter(s -> s.cellKey().equals("MON|10:30-11:30")).findFirst()
                .orElseThrow();
        assertEquals(AvroMapping.toAvro("an_cell", 10,
                        new CellEvaluator().evaluate(monday, params, prepared.dataHash(), monday.cellKey())),
                output(Topics.WINDOW_RESULTS).readValue());
        assertTrue(output(Topics.DEAD_LETTERS).isEmpty());
    }

    @Test
    void aCellWhoseBarsChangedInTheLakeSinceTheFanOutFails() throws Exception {
        DataReady ready = dataReady("an_moved");
        input(Topics.CELL_TASKS).pipeInput("an_moved|MON|10:30-11:30", task(ready, "moved", "sha256:other"));

        assertTrue(output(Topics.WINDOW_RESULTS).isEmpty());
        DeadLetter letter = output(Topics.DEAD_LETTERS).readValue();
        assertEquals("evaluate", letter.getStage());
        AnalysisStatus status = output(Topics.ANALYSIS_STATUS).readValue();
        assertEquals(AnalysisState.failed, status.getStatus());
        assertTrue(status.getReason().contains("changed since the analysis was fanned out"), status.getReason());
    }

    @Test
    void aCellTaskOfAnOlderVersionWithoutSeriesKeyIsDeadLettered() throws Exception {
        DataReady ready = dataReady("an_old");
        CellTask old = CellTask.newBuilder(task(ready, "", ready.getDataHash())).setRequest(null).build();
        input(Topics.CELL_TASKS).pipeInput("an_old|MON|10:30-11:30", old);

        assertTrue(output(Topics.WINDOW_RESULTS).isEmpty());
        assertEquals("an_old", output(Topics.DEAD_LETTERS).readValue().getAnalysisId());
        assertTrue(output(Topics.ANALYSIS_STATUS).readValue().getReason().contains("older version"));
    }
}
