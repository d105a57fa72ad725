package io.revertiq.edge.batch;

/** A waiting job moved to {@code queued}: its analysis id and the canonical request JSON to submit for it. */
public record Promotion(String analysisId, String requestJson) {
}
