package io.revertiq.analysis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.io.BarFileReader;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.io.ResultJson;
import io.revertiq.analysis.io.WindowsCsv;
import io.revertiq.analysis.stream.AvroMapping;
import io.revertiq.avro.SeriesDiagnostics;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.assembly.AssembledResult;
import io.revertiq.engine.assembly.Assembly;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.request.AnalysisParams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** {@code analyze --offline}: one bars file and one request JSON through the engine in this process. */
public final class OfflineAnalyzer {
    private final String revertiqVersion;
    private final Clock clock;

    /** The response and the assembled result it renders. */
    public record Report(ObjectNode response, AssembledResult result) {
        public String json() {
            return ResultJson.toText(response);
        }

        public String windowsCsv() {
            return WindowsCsv.render(result);
        }

        /** Writes result.json and windows.csv into {@code dir} (created if needed). */
        public void writeTo(Path dir) throws IOException {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("result.json"), json(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("windows.csv"), windowsCsv(), StandardCharsets.UTF_8);
        }
    }

    public OfflineAnalyzer(String revertiqVersion, Clock clock) {
        this.revertiqVersion = revertiqVersion;
        this.clock = clock;
    }

    public Report analyze(Path barsFile, String requestJson, Analysis.Progress progress) throws IOException {
        AnalysisParams params = RequestParser.parse(requestJson);
        RawBars raw = BarFileReader.read(barsFile, params.ticker());
        String canonical = RequestParser.canonicalJson(params);
        String analysisId = "an_" + UUID.randomUUID().toString().replace("-", "");
        Analysis.Prepared prepared = Analysis.prepare(raw, params, canonical);
        AssembledResult result = Assembly.assemble(Analysis.evaluate(prepared, progress), params);
        // the header goes through its topic record even here, so offline and pipeline render from the same input
        SeriesDiagnostics header = AvroMapping.toAvro(analysisId, prepared.slices().size(), prepared);
        ResultJson.Provenance provenance = new ResultJson.Provenance(revertiqVersion, "file",
                List.of(new ResultJson.Input(barsFile.getFileName().toString(), sha256(barsFile), raw.size())),
                clock.instant());
        return new Report(ResultJson.render(analysisId, params, canonical, header, result, provenance), result);
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
