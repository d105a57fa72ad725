package io.revertiq.schemas.registry;

/** One registered version of a subject, as {@code GET /subjects/{s}/versions/{v}} returns it. */
public record SchemaVersion(String subject, int version, int id, String schema) {
}
