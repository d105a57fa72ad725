package io.revertiq.edge.idempotency;

/**
 * The response recorded for a key. {@code body} is null when the response is re-rendered from {@code analysisId}
 * (a synchronous 200 whose body is the full result, which the result store keeps byte for byte); {@code analysisId}
 * is the analysis the response names, or the batch for a batch POST (its {@code bt_} id), null when it names none.
 */
public record StoredResponse(int status, String body, String analysisId) {
}
