package io.revertiq.edge.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact payloads: the documented keys, taken from the result or failed status the view holds. */
class WebhookEventsTest {
    private static final Instant ENDED = Instant.parse("2025-03-04T05:06:07.123Z");

    private static JsonObject window(int rank, String dow, String window, double sharpe) {
        return new JsonObject().put("rank", rank).put("dow", dow).put("window", window).put("status", "ok")
                .put("n_trades", 40 + rank).put("oos_sharpe", sharpe).put("oos_ret_per_trade_bp", 3.5 - rank)
                .put("hit_rate", 0.6).put("p_value", 0.01 * rank).put("fdr_adj_p", 0.02 * rank)
                .put("significant", rank == 1).put("ci95_bp", new JsonArray().add(1.0).add(5.0))
                .put("half_life_min", 12.5).put("folds", new JsonArray());
    }

    private static JsonObject result() {
        JsonArray ranked = new JsonArray();
        List<String> dows = List.of("MON", "TUE", "WED", "THU", "FRI");
        for (int rank = 1; rank <= 5; rank++) {
            ranked.add(window(rank, dows.get(rank - 1), "10:00-11:00", 2.0 / rank));
        }
        return new JsonObject().put("analysis_id", "an_1").put("status", "complete").put("ticker", "SPY")
                .put("horizon", new JsonObject().put("start", "2024-01-02").put("end", "2024-12-31"))
                .put("assumptions", new JsonObject().put("calendar", "XNYS"))
                .put("windows_ranked", ranked).put("windows_insufficient", new JsonArray())
                .put("global_stats", new JsonObject().put("cells_evaluated", 60).put("cells_in_family", 52)
                        .put("cells_insufficient", 8).put("cells_significant", 1))
                .put("provenance", new JsonObject().put("data_hash", "sha256:abc"));
    }

    @Test
    void completeCarriesTheHeadlineOfTheResult() {
        JsonObject result = result();
        WebhookEvents.Event event = WebhookEvents.complete("an_1", result.encode().getBytes(StandardCharsets.UTF_8), ENDED);
        assertEquals(EventType.ANALYSIS_COMPLETE, event.type());
        assertTrue(event.id().matches("evt_[0-9a-f]{32}"), event.id());
        JsonObject payload = new JsonObject(event.payload());
        assertEquals(List.of("id", "type", "api_version", "created_at", "data"), List.copyOf(payload.fieldNames()));
        assertEquals(event.id(), payload.getString("id"));
        assertEquals("analysis.complete", payload.getString("type"));
        assertEquals("v1", payload.getString("api_version"));
        assertEquals("2025-03-04T05:06:07.123Z", payload.getString("created_at"));

        JsonObject data = payload.getJsonObject("data");
        assertEquals(List.of("analysis_id", "status", "ticker", "horizon", "data_hash", "windows", "top_windows", "links"),
                List.copyOf(data.fieldNames()));
        assertEquals("an_1", data.getString("analysis_id"));
        assertEquals("complete", data.getString("status"));
        assertEquals("SPY", data.getString("ticker"));
        assertEquals(result.getJsonObject("horizon"), data.getJsonObject("horizon"));
        assertEquals("sha256:abc", data.getString("data_hash"));
        assertEquals(new JsonObject().put("evaluated", 60).put("tested", 52).put("significant", 1),
                data.getJsonObject("windows"));
        JsonArray top = data.getJsonArray("top_windows");
        assertEquals(WebhookEvents.TOP_WINDOWS, top.size());
        for (int i = 0; i < top.size(); i++) {
            JsonObject expected = result.getJsonArray("windows_ranked").getJsonObject(i);
            JsonObject compact = top.getJsonObject(i);
            assertEquals(List.of("rank", "dow", "window", "n_trades", "oos_sharpe", "oos_ret_per_trade_bp", "hit_rate",
                    "fdr_adj_p", "significant", "half_life_min"), List.copyOf(compact.fieldNames()));
            compact.fieldNames().forEach(f -> assertEquals(expected.getValue(f), compact.getValue(f), f));
        }
        assertEquals(new JsonObject().put("analysis", "/v1/analysis/an_1").put("windows", "/v1/analysis/an_1/windows")
                .put("manifest", "/v1/analysis/an_1/manifest"), data.getJsonObject("links"));
        assertTrue(event.payload().length() < 2048, "compact: " + event.payload().length() + " bytes");
    }

    @Test
    void aResultWithoutRankedWindowsHasNoTopWindowsAndNullsForMissingFields() {
        JsonObject result = result().put("windows_ranked", new JsonArray());
        result.remove("provenance");
        JsonObject data = new JsonObject(WebhookEvents.complete("an_2", result.encode().getBytes(StandardCharsets.UTF_8),
                ENDED).payload()).getJsonObject("data");
        assertEquals(new JsonArray(), data.getJsonArray("top_windows"));
        assertTrue(data.containsKey("data_hash"));
        assertEquals(null, data.getValue("data_hash"));
    }

    @Test
    void failedCarriesTheStageAndReason() {
        JsonObject status = new JsonObject().put("analysis_id", "an_3").put("status", "failed").put("stage", "ingest")
                .put("reason", "no bars for DEMO").put("updated_at", "2025-03-04T05:06:00Z");
        WebhookEvents.Event event = WebhookEvents.failed("an_3", status, ENDED);
        assertEquals(EventType.ANALYSIS_FAILED, event.type());
        JsonObject payload = new JsonObject(event.payload());
        assertEquals("analysis.failed", payload.getString("type"));
        assertEquals(new JsonObject().put("analysis_id", "an_3").put("status", "failed").put("stage", "ingest")
                .put("reason", "no bars for DEMO").put("failed_at", "2025-03-04T05:06:00Z")
                .put("links", new JsonObject().put("analysis", "/v1/analysis/an_3")), payload.getJsonObject("data"));
        assertNotEquals(event.id(), WebhookEvents.failed("an_3", status, ENDED).id(), "every event has its own id");
    }
}
