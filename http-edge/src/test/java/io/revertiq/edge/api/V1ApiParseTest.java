package io.revertiq.edge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.revertiq.analysis.io.RequestParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The options of POST /v1/analyze that are not analysis parameters. */
class V1ApiParseTest {
    private static final JsonObject REQUEST = new JsonObject()
            .put("ticker", "SPY").put("horizon", new JsonObject().put("start", "2024-01-02").put("end", "2024-06-28"));

    private static V1Api.ParsedRequest parse(JsonObject body) {
        return V1Api.parse(Buffer.buffer(body.encode()));
    }

    @Test
    void aWebhookUrlIsTakenOutAndNeverChangesTheFingerprint() {
        V1Api.ParsedRequest plain = parse(REQUEST);
        V1Api.ParsedRequest hooked = parse(REQUEST.copy().put("webhook_url", "https://hooks.example.com/x"));
        assertNull(plain.webhookUrl());
        assertEquals("https://hooks.example.com/x", hooked.webhookUrl());
        assertEquals(RequestParser.canonicalJson(plain.params()), RequestParser.canonicalJson(hooked.params()));
        assertEquals(AnalysisSubmitter.fingerprint(RequestParser.canonicalJson(plain.params())),
                AnalysisSubmitter.fingerprint(RequestParser.canonicalJson(hooked.params())));
        assertNull(parse(REQUEST.copy().putNull("webhook_url")).webhookUrl(), "null is the same as absent");
    }

    @Test
    void aWebhookUrlThatIsNotAStringNamesTheField() {
        for (Object value : new Object[] {42, true, new JsonObject().put("url", "https://x")}) {
            ApiException e = assertThrows(ApiException.class, () -> parse(REQUEST.copy().put("webhook_url", value)));
            assertEquals("INVALID_ARGUMENT", e.code());
            assertEquals("webhook_url", e.field());
        }
    }
}
