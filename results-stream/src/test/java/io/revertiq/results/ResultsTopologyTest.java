package io.revertiq.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.io.ResultJson;
import io.revertiq.analysis.stream.AvroMapping;
import io.revertiq.analysis.stream.RequestMapping;
import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.avro.DataReady;
import io.revertiq.avro.DeadLetter;
import io.revertiq.avro.SeriesDiagnostics;
import io.revertiq.avro.ShardRef;
import io.revertiq.avro.WindowResult;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.assembly.AssembledResult.Heatmaps;
import io.revertiq.engine.assembly.Assembly;
import io.revertiq.engine.cell.CellResult;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.synthetic.SyntheticMarket;
import io.revertiq.results.artifacts.AnalysisAudit;
import io.revertiq.results.artifacts.ArtifactKeys;
import io.revertiq.results.artifacts.ArtifactWriter;
import io.revertiq.results.artifacts.LocalObjectStore;
import io.revertiq.schemas.TopicSpec;
import io.revertiq.schemas.Topics;
import io.revertiq.testkit.DriverTopics;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The results topology in a TopologyTestDriver (serdes against the real registry endpoint). */
@ExtendWith(KafkaPlatformExtension.class)
class ResultsTopologyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST = """
            {"ticker":"RES","horizon":{"start":"2023-01-03","end":"2023-12-29"},"bar":{"interval":"5m"},
             "windows":{"spec":"10:00-12:00/15m"},"params":{"entry_grid":[-1.5,-1.0],"exit_grid":[0.0],"hold_grid_min":[30]},
             "walk_forward":{"train_days":60,"test_days":20,"step_days":20},
             "significance":{"min_trades":30,"bootstrap_samples":500}}""";

    @TempDir
    Path dir;
    private TestPlatform platform;
    private TopologyTestDriver driver;

    @BeforeEach
    void start(TestPlatform platform) {
        this.platform = platform;
        StreamsSettings settings = new StreamsSettings("results-ttd", "localhost:1", platform.registryUrl(),
                dir.resolve("state"), 1);
        driver = new TopologyTestDriver(ResultsTopology.buildTopology(new ResultsConfig(settings,
                dir.resolve("objects"), Duration.ofHours(1), "test"), platform.registry()), settings.properties());
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

    @Test
    void partsInAnyOrderAssembleIntoTheOfflineResult() throws Exception {
        AnalysisParams params = RequestParser.parse(REQUEST);
        String canonical = RequestParser.canonicalJson(params);
        Analysis.Prepared prepared = Analysis.prepare(SyntheticMarket.builder(3)
                .dates(LocalDate.of(2023, 1, 3), LocalDate.of(2023, 12, 29)).barMinutes(5).generate(),
                params, canonical);
        List<CellResult> cells = Analysis.evaluate(prepared, (done, total) -> { });
        int total = cells.size();
        SeriesDiagnostics header = AvroMapping.toAvro("an_r", total, prepared);
        List<WindowResult> windows = new ArrayList<>();
        cells.forEach(c -> windows.add(AvroMapping.toAvro("an_r", total, c)));
        Collections.shuffle(windows, new Random(5));
        DataReady ready = DataReady.newBuilder().setAnalysisId("an_r")
                .setRequest(RequestMapping.toAvro("an_r", null, Instant.EPOCH, params, "fp"))
                .setProvider("synthetic").setQueryFrom("2023-01-03").setQueryTo("2023-12-29")
                .setShards(List.of(new ShardRef("2023-01-03", "market/x.parquet", "abc", 78)))
                .setBarCount(78).setDataHash(prepared.dataHash()).build();

        // window results first, the request and the series stage last: nothing is published before all are in
        for (int i = 0; i < windows.size() - 1; i++) {
            input(Topics.WINDOW_RESULTS).pipeInput("an_r", windows.get(i));
        }
        input(Topics.SERIES_DIAGNOSTICS).pipeInput("an_r", header);
        input(Topics.DATA_READY).pipeInput("an_r", ready);
        input(Topics.WINDOW_RESULTS).pipeInput("an_r", windows.get(0)); // a second copy counts once
        assertTrue(output(Topics.ANALYSIS_RESULTS).isEmpty(), "one window result is still missing");
        input(Topics.WINDOW_RESULTS).pipeInput("an_r", windows.get(windows.size() - 1));

        AnalysisResult result = output(Topics.ANALYSIS_RESULTS).readValue();
        ResultJson.Provenance provenance = new ResultJson.Provenance("test", "synthetic",
                List.of(new ResultJson.Input("market/x.parquet", "abc", 78)), result.getGeneratedAt());
        String expected = ResultJson.toText(ResultJson.render("an_r", params, canonical, header,
                Assembly.assemble(cells, params), provenance));
        assertEquals(expected, result.getResultJson());
        assertEquals(prepared.dataHash(), output(Topics.RESULTS_BY_FINGERPRINT).readKeyValue().key);

        List<AnalysisStatus> statuses = output(Topics.ANALYSIS_STATUS).readValuesToList();
        List<Integer> progress = statuses.stream().filter(s -> s.getStatus() == AnalysisState.running)
                .map(AnalysisStatus::getCellsDone).toList();
        assertTrue(total > 20, "enough cells for progress in steps: " + total);
        assertEquals(20, progress.size(), "one progress event per 5 % of the cells: " + progress);
        for (int i = 0; i < progress.size(); i++) {
            assertEquals((int) Math.ceil(total * (i + 1) / 20.0), progress.get(i), "progress " + progress);
        }
        AnalysisStatus last = statuses.get(statuses.size() - 1);
        assertEquals(AnalysisState.complete, last.getStatus());
        assertEquals(100.0, last.getProgressPct());

        for (String key : List.of(ArtifactKeys.resultJson("an_r"), ArtifactKeys.windowsCsv("an_r"),
                ArtifactKeys.heatmapPng("an_r"), ArtifactKeys.heatmapSvg("an_r"), ArtifactKeys.manifest("an_r"))) {
            assertTrue(Files.exists(dir.resolve("objects").resolve(key)), key);
        }
        KeyValueStore<String, ValueAndTimestamp<String>> store =
                driver.getTimestampedKeyValueStore(ResultsTopology.PUBLISHED);
        assertEquals(prepared.dataHash(), store.get("an_r").value());
        ObjectNode stored = (ObjectNode) JSON.readTree(Files.readString(
                dir.resolve("objects").resolve(ArtifactKeys.resultJson("an_r"))));
        assertEquals("an_r", stored.get("analysis_id").asText());

        // after the TTL (the wall-clock punctuator runs every minute) the result leaves the result cache: a
        // tombstone by data_hash
        driver.advanceWallClockTime(Duration.ofMinutes(61));
        assertNull(store.get("an_r"));
        KeyValue<String, AnalysisResult> tombstone = output(Topics.RESULTS_BY_FINGERPRINT).readKeyValue();
        assertEquals(prepared.dataHash(), tombstone.key);
        assertNull(tombstone.value);
    }

    @Test
    void thePartsOfAnAnalysisThatNeverCompletesAreDroppedAfterTheTtl() throws Exception {
        AnalysisParams params = RequestParser.parse(REQUEST);
        DataReady ready = DataReady.newBuilder().setAnalysisId("an_stuck")
                .setRequest(RequestMapping.toAvro("an_stuck", null, Instant.EPOCH, params, "fp"))
                .setProvider("synthetic").setQueryFrom("2023-01-03").setQueryTo("2023-12-29").setShards(List.of())
                .setBarCount(0).setDataHash("sha256:x").build();
        input(Topics.DATA_READY).pipeInput("an_stuck", ready);
        KeyValueStore<String, ValueAndTimestamp<byte[]>> pending =
                driver.getTimestampedKeyValueStore(ResultsTopology.REQUESTS);
        assertTrue(pending.get("an_stuck") != null);
        driver.advanceWallClockTime(Duration.ofMinutes(61));
        assertNull(pending.get("an_stuck"));
    }

    @Test
    void anAnswerFromTheResultCacheGetsItsOwnArtifacts() throws Exception {
        Path objects = dir.resolve("objects");
        new ArtifactWriter(new LocalObjectStore(objects)).write(new AnalysisAudit("an_orig", "sha256:feed", "sha256:fp",
                "test", "engine", "calendar", "synthetic", List.of(), Instant.EPOCH), "{\"analysis_id\":\"an_orig\"}\n",
                "rank\n", new Heatmaps(List.of(1), List.of("10:00-11:00"), new Double[][] {{1.0}}, new Double[][] {{2.0}},
                        new Double[][] {{3.0}}), "{}");
        String answer = "{\"analysis_id\":\"an_copy\"}\n";
        AnalysisResult copy = AnalysisResult.newBuilder().setAnalysisId("an_copy")
                .setStatus("complete").setTicker("RES").setDataHash("sha256:feed").setRequestFingerprint("sha256:fp")
                .setGeneratedAt(Instant.EPOCH).setWindowsRanked(List.of()).setResultJson(answer)
                .setCachedFrom("an_orig").build();
        // without the header the fan-out puts on cached answers, a result is a computed one and passes undecoded
        input(Topics.ANALYSIS_RESULTS).pipeInput("an_copy", copy);
        assertFalse(Files.exists(objects.resolve(ArtifactKeys.resultJson("an_copy"))));
        input(Topics.ANALYSIS_RESULTS).pipeInput(new TestRecord<>("an_copy", copy, cachedFrom("an_orig"), Instant.EPOCH));

        assertEquals(answer, Files.readString(objects.resolve(ArtifactKeys.resultJson("an_copy"))));
        assertEquals("an_orig", JSON.readTree(objects.resolve(ArtifactKeys.manifest("an_copy")).toFile())
                .get("cached_from").asText());
        assertTrue(Files.exists(objects.resolve(ArtifactKeys.heatmapSvg("an_copy"))));
        assertTrue(output(Topics.DEAD_LETTERS).isEmpty());

        driver.createInputTopic(Topics.ANALYSIS_RESULTS.name(),
                Topics.ANALYSIS_RESULTS.keySerde(platform.registry()).serializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())
                .pipeInput(new TestRecord<>("an_junk", new byte[] {0, 0, 0, 0, 1, 7}, cachedFrom("an_orig"),
                        Instant.EPOCH));
        assertEquals(CachedArtifacts.STAGE, output(Topics.DEAD_LETTERS).readValue().getStage());
        assertTrue(output(Topics.ANALYSIS_STATUS).isEmpty(), "a cached answer stays complete");
    }

    private static Headers cachedFrom(String original) {
        return new RecordHeaders().add(Topics.CACHED_FROM_HEADER, original.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPoisonWindowResultIsDeadLetteredAndItsAnalysisFailed() {
        driver.createInputTopic(Topics.WINDOW_RESULTS.name(),
                Topics.WINDOW_RESULTS.keySerde(platform.registry()).serializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())
                .pipeInput("an_bad", new byte[] {1, 2, 3});
        DeadLetter letter = output(Topics.DEAD_LETTERS).readValue();
        assertEquals("assembly", letter.getStage());
        assertEquals("an_bad", letter.getAnalysisId());
        assertEquals(AnalysisState.failed, output(Topics.ANALYSIS_STATUS).readValue().getStatus());
    }
}
