package io.revertiq.edge.idempotency;

/**
 * The response recorded for a key. {@code body} is null when the response is re-rendered from {@code analysisId}
 * (a synchronous 200 whose body is the full result, which the result store keeps byte for byte); {@code analysisId}
 * is null for a response that names no single analysis.
 */
public record StoredResponse(int status, String body, String analysisId) {
}
