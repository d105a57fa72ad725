package io.revertiq.results.artifacts;

/** One object the writer stored, as listed in the manifest; sha256 is lowercase hex of the stored bytes. */
public record StoredArtifact(String key, String contentType, String sha256, long sizeBytes) {
}
