package io.revertiq.edge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revertiq.results.artifacts.ArtifactKeys;
import io.revertiq.results.artifacts.ObjectStore;
import io.revertiq.results.artifacts.StoredArtifact;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The documents and artifacts the results service stored for each analysis, as the edge reads them back: the
 * manifest (written last, so its presence means the whole set is in place), each artifact checked against the
 * sha256 and size the manifest lists before a byte of it is served, and result.json as the archive of results the
 * edge's view no longer holds. Every method blocks: call them off the event loop.
 */
public final class AnalysisObjects implements ResultArchive {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectStore store;

    public AnalysisObjects(ObjectStore store) {
        this.store = store;
    }

    /** The manifest as stored, with its sha256 (its ETag), or empty before the analysis's artifacts are complete. */
    Optional<Stored> manifest(String analysisId) throws IOException {
        return store.get(ArtifactKeys.manifest(analysisId)).map(bytes -> new Stored(bytes, sha256(bytes)));
    }

    /** The manifest's entry of {@code name}, or empty when the manifest does not list it. */
    Optional<StoredArtifact> entry(Stored manifest, String analysisId, ArtifactName name) throws IOException {
        String key = name.key(analysisId);
        for (JsonNode artifact : JSON.readTree(manifest.bytes()).path("artifacts")) {
            if (key.equals(artifact.path("key").asText())) {
                return Optional.of(new StoredArtifact(key, artifact.path("content_type").asText(),
                        artifact.path("sha256").asText(), artifact.path("size_bytes").asLong()));
            }
        }
        return Optional.empty();
    }

    /**
     * The artifact's bytes once they match its manifest entry.
     *
     * @throws IllegalStateException when the object is missing or differs from what the manifest recorded
     */
    byte[] read(StoredArtifact entry) throws IOException {
        byte[] bytes = store.get(entry.key())
                .orElseThrow(() -> new IllegalStateException("the manifest lists " + entry.key() + " but it is missing"));
        String actual = sha256(bytes);
        if (bytes.length != entry.sizeBytes() || !actual.equals(entry.sha256())) {
            throw new IllegalStateException(entry.key() + " does not match its manifest: sha256 " + actual + ", "
                    + bytes.length + " bytes; recorded " + entry.sha256() + ", " + entry.sizeBytes() + " bytes");
        }
        return bytes;
    }

    @Override
    public Optional<byte[]> resultJson(String analysisId) throws IOException {
        return store.get(ArtifactKeys.resultJson(analysisId));
    }

    /** An object's bytes and their lowercase hex sha256. */
    record Stored(byte[] bytes, String sha256) {
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
