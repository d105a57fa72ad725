package io.revertiq.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.revertiq.analysis.io.BarFileReader;
import io.revertiq.analysis.io.BarFileWriter;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.io.ResultJson;
import io.revertiq.analysis.stream.AvroBytes;
import io.revertiq.analysis.stream.AvroMapping;
import io.revertiq.analysis.stream.PlantedAnalysis;
import io.revertiq.analysis.stream.RequestMapping;
import io.revertiq.avro.AnalysisRequest;
import io.revertiq.avro.CellTask;
import io.revertiq.avro.SeriesDiagnostics;
import io.revertiq.avro.WindowResult;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.cell.CellEvaluator;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline analyzer and the pipeline's route (request, header, cell tasks and window results through their
 * Avro encodings, cells sliced from a series stage as decoded tasks name them, results arriving in any order)
 * render the same bytes.
 */
class PipelineEquivalenceTest {
    private static final Instant GENERATED_AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final String VERSION = "test";

    @Test
    void spyRendersTheSameThroughThePipelineRoute() throws IOException {
        Path bars = SharedData.data("bars/SPY_5m_2022-02-14_2023-06-22_rth.csv");
        String request = """
                {"ticker":"SPY","horizon":{"start":"2022-02-14","end":"2023-06-22"},"bar":{"interval":"5m"},
                 "windows":{"spec":"10:00-15:00/60m"},"output":{"explain":true}}""";
        assertSameBytes(bars, request);
    }

    @Test
    void aPlantedWindowRendersTheSameThroughThePipelineRoute(@TempDir Path dir) throws IOException {
        Path bars = dir.resolve("SYN_1m.csv");
        BarFileWriter.writeCsv(PlantedAnalysis.bars(), bars);
        JsonNode response = assertSameBytes(bars, PlantedAnalysis.REQUEST);
        JsonNode top = response.get("windows_ranked").get(0);
        assertEquals("MON", top.get("dow").asText());
        assertEquals("10:30-11:30", top.get("window").asText());
        assertTrue(top.get("significant").asBoolean(), "the planted window is found");
        assertNotEquals(0, response.get("windows_insufficient").size());
        assertTrue(response.get("explain").get("narrative").toString().contains("The top ranked window is Monday"));
    }

    private static JsonNode assertSameBytes(Path bars, String requestJson) throws IOException {
        OfflineAnalyzer.Report offline = new OfflineAnalyzer(VERSION, Clock.fixed(GENERATED_AT, ZoneOffset.UTC))
                .analyze(bars, requestJson, (done, total) -> { });
        String analysisId = offline.response().get("analysis_id").asText();
        assertEquals(offline.json(), pipeline(bars, requestJson, analysisId));
        return offline.response();
    }

    private static String pipeline(Path bars, String requestJson, String analysisId) throws IOException {
        AnalysisRequest request = AvroBytes.roundTrip(RequestMapping.toAvro(analysisId, "tenant", GENERATED_AT,
                RequestParser.parse(requestJson), "fingerprint"));
        AnalysisParams params = RequestMapping.toParams(request);
        RawBars raw = BarFileReader.read(bars, params.ticker());
        Analysis.Prepared prepared = Analysis.prepare(raw, params, RequestParser.canonicalJson(params));
        int cellsTotal = prepared.slices().size();
        SeriesDiagnostics header = AvroBytes.roundTrip(AvroMapping.toAvro(analysisId, cellsTotal, prepared));
        // a worker holding only the series stage: each cell's slice is cut from it as the task names it
        Analysis.Series stage = Analysis.series(raw, params);
        CellEvaluator worker = new CellEvaluator();
        List<WindowResult> results = new ArrayList<>();
        prepared.slices().forEach(slice -> {
            CellTask task = AvroBytes.roundTrip(AvroMapping.toTask(analysisId, cellsTotal, prepared.dataHash(),
                    "series", "file", request, slice.dow, slice.bin()));
            AnalysisParams taskParams = RequestMapping.toParams(task.getRequest());
            results.add(AvroBytes.roundTrip(AvroMapping.toAvro(analysisId, cellsTotal, worker.evaluate(
                    AvroMapping.slice(task, taskParams, stage), taskParams, task.getDataHash(), task.getCellKey()))));
        });
        Collections.shuffle(results, new Random(7));
        ResultJson.Provenance provenance = new ResultJson.Provenance(VERSION, "file",
                List.of(new ResultJson.Input(bars.getFileName().toString(), sha256(bars), raw.size())), GENERATED_AT);
        return ResultJson.toText(ResultJson.render(analysisId, request, header, results, provenance));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
