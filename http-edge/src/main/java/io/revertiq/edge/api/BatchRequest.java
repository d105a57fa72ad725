package io.revertiq.edge.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.request.InvalidArgumentException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code POST /v1/batch/analyze}: {@code {"requests":[<analyze request>, ...], "webhook_url", "name"}}.
 * Each item is parsed like {@code POST /v1/analyze}'s body, its errors naming the item ({@code requests[3].horizon.start});
 * {@code async} and {@code webhook_url} belong to the batch, so an item that carries them is refused rather than
 * silently answered otherwise.
 *
 * @param webhookUrl as sent (validated by the webhooks), or null
 * @param name       the caller's label of the batch (1..200 characters), or null
 */
record BatchRequest(List<AnalysisParams> requests, String webhookUrl, String name) {
    static final int MAX_NAME_LENGTH = 200;
    private static final Set<String> FIELDS = Set.of("requests", "webhook_url", "name");

    /** The request after parsing, equal for equal batches whatever their whitespace, key order or spelled-out defaults. */
    String canonical() {
        StringBuilder json = new StringBuilder("{\"name\":").append(Json.encode(name))
                .append(",\"webhook_url\":").append(Json.encode(webhookUrl)).append(",\"requests\":[");
        for (int i = 0; i < requests.size(); i++) {
            json.append(i == 0 ? "" : ",").append(RequestParser.canonicalJson(requests.get(i)));
        }
        return json.append("]}").toString();
    }

    /** Parses {@code body}, at most {@code maxItems} requests; 400 INVALID_ARGUMENT naming the field otherwise. */
    static BatchRequest parse(Buffer body, int maxItems) {
        JsonNode root = JsonBody.object(body);
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw ApiException.invalid(field, "unknown field '" + field + "'",
                        "known fields here: requests, webhook_url, name");
            }
        }
        return new BatchRequest(requests(root.get("requests"), maxItems), text(root, "webhook_url",
                "an absolute https URL to POST each analysis's analysis.complete or analysis.failed event to"),
                name(root));
    }


    private static List<AnalysisParams> requests(JsonNode items, int maxItems) {
        String hint = "\"requests\": [ ... ] with 1 to " + maxItems + " analyze requests";
        if (items == null || items.isNull()) {
            throw ApiException.invalid("requests", "requests is required", hint);
        }
        if (!items.isArray()) {
            throw ApiException.invalid("requests", "requests must be an array", hint);
        }
        if (items.isEmpty()) {
            throw ApiException.invalid("requests", "a batch needs at least one request", hint);
        }
        if (items.size() > maxItems) {
            throw ApiException.invalid("requests", "a batch holds at most " + maxItems + " requests, this one has "
                    + items.size(), "split it into batches of at most " + maxItems);
        }
        List<AnalysisParams> parsed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            parsed.add(item(items.get(i), "requests[" + i + "]"));
        }
        return List.copyOf(parsed);
    }

    private static AnalysisParams item(JsonNode item, String path) {
        if (!item.isObject()) {
            throw ApiException.invalid(path, path + " must be a JSON object", "one request as for POST /v1/analyze");
        }
        if (item.has("async")) {
            throw ApiException.invalid(path + ".async", "a batch is always asynchronous; its items take no async",
                    "leave async out and follow the batch with GET /v1/batch/{id}");
        }
        if (item.has("webhook_url")) {
            throw ApiException.invalid(path + ".webhook_url", "a batch has one webhook_url, for all its analyses",
                    "set webhook_url on the batch, beside requests");
        }
        try {
            return RequestParser.parse(item);
        } catch (InvalidArgumentException e) {
            String field = e.field() == null || e.field().isEmpty() ? path : path + "." + e.field();
            throw ApiException.invalid(field, e.getMessage(), e.hint());
        }
    }

    private static String text(JsonNode root, String field, String hint) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.invalid(field, field + " must be a string", hint);
        }
        return value.textValue();
    }

    private static String name(JsonNode root) {
        String name = text(root, "name", "a label of your choice, 1 to " + MAX_NAME_LENGTH + " characters");
        if (name != null && (name.isEmpty() || name.length() > MAX_NAME_LENGTH)) {
            throw ApiException.invalid("name", "name must be 1 to " + MAX_NAME_LENGTH + " characters, got "
                    + name.length(), "a shorter label");
        }
        return name;
    }
}
