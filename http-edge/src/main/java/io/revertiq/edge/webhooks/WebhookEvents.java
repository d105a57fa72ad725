package io.revertiq.edge.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The compact webhook payloads (documented in the README; keys in a fixed order):
 * {@code {"id","type","api_version","created_at","data":{...}}}. An {@code analysis.complete} event carries the
 * headline of the v1 result (ticker, horizon, data_hash, window counts, the top {@value #TOP_WINDOWS} ranked windows
 * with their key statistics, links); an {@code analysis.failed} event the stage and reason. The full result stays
 * behind {@code GET /v1/analysis/{id}}.
 */
public final class WebhookEvents {
    public static final int TOP_WINDOWS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> WINDOW_FIELDS = List.of("rank", "dow", "window", "n_trades", "oos_sharpe",
            "oos_ret_per_trade_bp", "hit_rate", "fdr_adj_p", "significant", "half_life_min");

    /** An event: its id (receivers deduplicate on it), type and the JSON body every attempt sends. */
    public record Event(String id, EventType type, String payload) {
    }

    private WebhookEvents() {
    }

    static String newEventId() {
        return "evt_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** {@code analysis.complete} from the v1 result JSON the edge's view holds. */
    public static Event complete(String analysisId, byte[] resultJson, Instant createdAt) {
        JsonNode result;
        try {
            result = JSON.readTree(resultJson);
        } catch (IOException e) {
            throw new UncheckedIOException("the result of " + analysisId + " is not JSON", e);
        }
        String eventId = newEventId();
        ObjectNode root = envelope(eventId, EventType.ANALYSIS_COMPLETE, createdAt);
        ObjectNode data = root.putObject("data").put("analysis_id", analysisId).put("status", "complete");
        data.set("ticker", present(result.path("ticker")));
        data.set("horizon", present(result.path("horizon")));
        data.set("data_hash", present(result.path("provenance").path("data_hash")));
        JsonNode stats = result.path("global_stats");
        data.putObject("windows").put("evaluated", stats.path("cells_evaluated").asInt())
                .put("tested", stats.path("cells_in_family").asInt())
                .put("significant", stats.path("cells_significant").asInt());
        ArrayNode top = data.putArray("top_windows");
        JsonNode ranked = result.path("windows_ranked");
        for (int i = 0; i < Math.min(TOP_WINDOWS, ranked.size()); i++) {
            JsonNode source = ranked.get(i);
            ObjectNode window = top.addObject();
            WINDOW_FIELDS.forEach(field -> window.set(field, present(source.path(field))));
        }
        links(data, analysisId).put("windows", "/v1/analysis/" + analysisId + "/windows")
                .put("manifest", "/v1/analysis/" + analysisId + "/manifest");
        return new Event(eventId, EventType.ANALYSIS_COMPLETE, root.toString());
    }

    /** {@code analysis.failed} from the failed status ({@code stage, reason, updated_at}) the edge's view holds. */
    public static Event failed(String analysisId, JsonObject failedStatus, Instant createdAt) {
        String eventId = newEventId();
        ObjectNode root = envelope(eventId, EventType.ANALYSIS_FAILED, createdAt);
        ObjectNode data = root.putObject("data").put("analysis_id", analysisId).put("status", "failed")
                .put("stage", failedStatus.getString("stage")).put("reason", failedStatus.getString("reason"))
                .put("failed_at", failedStatus.getString("updated_at"));
        links(data, analysisId);
        return new Event(eventId, EventType.ANALYSIS_FAILED, root.toString());
    }

    /** A field the result lacks is null in the payload, so every documented key is always there. */
    private static JsonNode present(JsonNode node) {
        return node.isMissingNode() ? NullNode.getInstance() : node;
    }

    private static ObjectNode envelope(String eventId, EventType type, Instant createdAt) {
        return JSON.createObjectNode().put("id", eventId).put("type", type.id()).put("api_version", "v1")
                .put("created_at", createdAt.toString());
    }

    private static ObjectNode links(ObjectNode data, String analysisId) {
        return data.putObject("links").put("analysis", "/v1/analysis/" + analysisId);
    }
}
