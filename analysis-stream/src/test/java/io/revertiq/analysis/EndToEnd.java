package io.revertiq.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.assembly.AssembledResult;
import io.revertiq.engine.assembly.Assembly;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.request.AnalysisParams;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Shared plumbing of the end-to-end tests: the offline analyzer with a fixed clock, and the in-process engine. */
final class EndToEnd {
    static final Analysis.Progress QUIET = (done, total) -> { };

    private EndToEnd() {
    }

    static OfflineAnalyzer analyzer() {
        return new OfflineAnalyzer("test", Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));
    }

    static OfflineAnalyzer.Report analyze(Path bars, String request) throws IOException {
        return analyzer().analyze(bars, request, QUIET);
    }

    /** The engine alone, as OfflineAnalyzer calls it, without a file round trip or rendering. */
    static AssembledResult run(RawBars bars, String request) {
        AnalysisParams params = RequestParser.parse(request);
        Analysis.Prepared prepared = Analysis.prepare(bars, params, RequestParser.canonicalJson(params));
        return Assembly.assemble(Analysis.evaluate(prepared, QUIET), params);
    }

    /** A copy of the response with the only fields that may differ between identical runs blanked. */
    static ObjectNode withoutRunIdentity(ObjectNode response) {
        ObjectNode copy = response.deepCopy();
        copy.put("analysis_id", "X");
        ((ObjectNode) copy.get("provenance")).put("generated_at", "X");
        return copy;
    }

    static boolean isNullOrMissing(JsonNode n) {
        return n == null || n.isNull();
    }
}
