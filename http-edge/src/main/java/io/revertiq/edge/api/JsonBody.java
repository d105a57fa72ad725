package io.revertiq.edge.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** A POST body as one JSON object, or the v1 INVALID_ARGUMENT saying why it is not one. */
final class JsonBody {
    /** Duplicate keys are refused: which of two values a client meant is not ours to guess. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonBody() {
    }

    static ObjectNode object(Buffer body) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? new byte[0] : body.getBytes());
        } catch (JsonProcessingException e) {
            throw ApiException.invalid(null, "request is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"), "send one JSON object");
        } catch (IOException e) {
            throw ApiException.invalid(null, "request cannot be read: " + e.getMessage(), "send one JSON object");
        }
        if (root == null || root.isMissingNode()) {
            throw ApiException.invalid(null, "request body is empty", "send one JSON object");
        }
        if (!root.isObject()) {
            throw ApiException.invalid(null, "request must be a JSON object", "send one JSON object");
        }
        return (ObjectNode) root;
    }
}
