package io.revertiq.results.artifacts;

import io.revertiq.analysis.io.ResultJson;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the manifest records about how a result came to be, beside the artifacts' own hashes: enough to tell
 * whether a later run used the same data (data_hash), the same request (request_fingerprint) and the same code.
 *
 * @param dataHash           "sha256:..." over the bars used and the resolved parameters (spec section 8)
 * @param requestFingerprint sha256 of the canonical parameters JSON (the bytes written to params.json)
 * @param inputs             the input shards with their sha256 and bar counts
 * @param generatedAt        when the result was generated (the v1 response's provenance.generated_at)
 */
public record AnalysisAudit(String analysisId, String dataHash, String requestFingerprint, String revertiqVersion,
                            String engineVersion, String calendarVersion, String provider,
                            List<ResultJson.Input> inputs, Instant generatedAt) {
    public AnalysisAudit {
        ObjectKeys.requireSegment(analysisId);
        Objects.requireNonNull(dataHash, "dataHash");
        Objects.requireNonNull(requestFingerprint, "requestFingerprint");
        Objects.requireNonNull(revertiqVersion, "revertiqVersion");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(calendarVersion, "calendarVersion");
        Objects.requireNonNull(provider, "provider");
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(generatedAt, "generatedAt");
    }
}
