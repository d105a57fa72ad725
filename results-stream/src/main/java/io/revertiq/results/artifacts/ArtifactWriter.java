package io.revertiq.results.artifacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.io.ResultJson;
import io.revertiq.engine.assembly.AssembledResult.Heatmaps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Writes one analysis's documents and artifacts to an {@link ObjectStore} under {@link ArtifactKeys}, then its
 * manifest: the audit record with every artifact's sha256 and size. The manifest goes last, so its presence
 * means the whole set is in place and a reader never trusts a half-written analysis.
 */
public final class ArtifactWriter {
    static final int MANIFEST_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    private final ObjectStore store;

    public ArtifactWriter(ObjectStore store) {
        this.store = store;
    }

    /**
     * @param resultJson          the v1 response, as served
     * @param windowsCsv          windows.csv
     * @param heatmaps            the result's heatmaps; the stored heatmap is OOS Sharpe
     * @param canonicalParamsJson the resolved parameters' canonical JSON, stored byte for byte so its sha256
     *                            can be checked against the request fingerprint
     * @return the artifacts the manifest lists, in the order written (the manifest itself not included)
     */
    public List<StoredArtifact> write(AnalysisAudit audit, String resultJson, String windowsCsv, Heatmaps heatmaps,
                                      String canonicalParamsJson) throws IOException {
        String id = audit.analysisId();
        List<StoredArtifact> stored = new ArrayList<>();
        stored.add(put(ArtifactKeys.resultJson(id), utf8(resultJson), JSON_TYPE));
        stored.add(put(ArtifactKeys.windowsCsv(id), utf8(windowsCsv), "text/csv; charset=utf-8"));
        stored.add(put(ArtifactKeys.params(id), utf8(canonicalParamsJson), JSON_TYPE));
        stored.add(put(ArtifactKeys.heatmapPng(id), HeatmapRenderer.png(heatmaps, HeatmapMetric.OOS_SHARPE), "image/png"));
        stored.add(put(ArtifactKeys.heatmapSvg(id), utf8(HeatmapRenderer.svg(heatmaps, HeatmapMetric.OOS_SHARPE)),
                "image/svg+xml"));
        store.put(ArtifactKeys.manifest(id), utf8(manifest(audit, stored)), JSON_TYPE);
        return List.copyOf(stored);
    }

    /**
     * Gives an analysis answered from the result cache artifacts of its own: the original's objects under the new
     * id, except result.json, which is the answer's (it names the new id), then the original's manifest naming the
     * new id, the new objects, and the original ({@code cached_from}). Empty when the original has no manifest (its
     * set was never completed): there is nothing trustworthy to copy.
     */
    public Optional<List<StoredArtifact>> copyCached(String originalId, String analysisId, String resultJson)
            throws IOException {
        Optional<byte[]> originalManifest = store.get(ArtifactKeys.manifest(originalId));
        if (originalManifest.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode manifest = (ObjectNode) JSON.readTree(originalManifest.get());
        String resultKey = ArtifactKeys.resultJson(analysisId);
        List<StoredArtifact> stored = new ArrayList<>();
        for (JsonNode artifact : manifest.path("artifacts")) {
            String key = artifact.path("key").asText();
            String copyKey = renamed(key, originalId, analysisId);
            byte[] bytes = copyKey.equals(resultKey) ? utf8(resultJson) : store.get(key).orElseThrow(() ->
                    new IllegalStateException("the manifest of " + originalId + " lists " + key + " but it is missing"));
            stored.add(put(copyKey, bytes, artifact.path("content_type").asText()));
        }
        manifest.put("analysis_id", analysisId);
        ArrayNode list = manifest.putArray("artifacts");
        for (StoredArtifact a : stored) {
            list.addObject().put("key", a.key()).put("content_type", a.contentType()).put("sha256", a.sha256())
                    .put("size_bytes", a.sizeBytes());
        }
        manifest.put("cached_from", originalId);
        store.put(ArtifactKeys.manifest(analysisId), utf8(JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(manifest) + "\n"), JSON_TYPE);
        return Optional.of(List.copyOf(stored));
    }

    /** {@code kind/originalId/name} as {@code kind/analysisId/name}. */
    private static String renamed(String key, String originalId, String analysisId) {
        String[] parts = key.split("/");
        if (parts.length != 3 || !parts[1].equals(originalId)) {
            throw new IllegalStateException("the manifest of " + originalId + " lists a foreign key " + key);
        }
        return parts[0] + "/" + ObjectKeys.requireSegment(analysisId) + "/" + parts[2];
    }

    private StoredArtifact put(String key, byte[] bytes, String contentType) throws IOException {
        store.put(key, bytes, contentType);
        return new StoredArtifact(key, contentType, sha256(bytes), bytes.length);
    }

    static String manifest(AnalysisAudit audit, List<StoredArtifact> artifacts) {
        ObjectNode root = JSON.createObjectNode();
        root.put("manifest_version", MANIFEST_VERSION);
        root.put("analysis_id", audit.analysisId());
        root.put("data_hash", audit.dataHash());
        root.put("request_fingerprint", audit.requestFingerprint());
        root.put("revertiq_version", audit.revertiqVersion());
        root.put("engine_version", audit.engineVersion());
        root.put("calendar_version", audit.calendarVersion());
        root.put("provider", audit.provider());
        ArrayNode inputs = root.putArray("inputs");
        for (ResultJson.Input input : audit.inputs()) {
            inputs.addObject().put("name", input.name()).put("sha256", input.sha256()).put("bars", input.bars());
        }
        ArrayNode list = root.putArray("artifacts");
        for (StoredArtifact a : artifacts) {
            list.addObject().put("key", a.key()).put("content_type", a.contentType()).put("sha256", a.sha256())
                    .put("size_bytes", a.sizeBytes());
        }
        root.put("generated_at", audit.generatedAt().toString());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the manifest", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
