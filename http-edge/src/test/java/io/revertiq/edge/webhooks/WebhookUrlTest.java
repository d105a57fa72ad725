package io.revertiq.edge.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookUrlTest {

    @Test
    void httpsEverywhereAndPlainHttpOnLoopback() {
        for (String url : List.of("https://hooks.example.com/revertiq", "HTTPS://hooks.example.com:8443/a?b=c",
                "http://localhost:8080/hook", "http://127.0.0.1:9/x", "http://[::1]:9/x")) {
            assertEquals(url, WebhookUrl.parse(url, false).toString());
        }
    }

    @Test
    void plainHttpElsewhereNeedsTheConfiguration() {
        WebhookUrl.Invalid refused = assertThrows(WebhookUrl.Invalid.class,
                () -> WebhookUrl.parse("http://hooks.example.com/x", false));
        assertTrue(refused.getMessage().contains("https"), refused.getMessage());
        assertEquals("http://hooks.example.com/x", WebhookUrl.parse("http://hooks.example.com/x", true).toString());
    }

    @Test
    void everythingElseIsRefusedWithAReason() {
        Map<String, String> cases = Map.of(
                "", "empty",
                "/relative/hook", "absolute",
                "ftp://example.com/x", "absolute http(s)",
                "https://exa mple.com/x", "not a valid URL",
                "https:///no-host", "no host",
                "https://user:pw@example.com/x", "credentials",
                "https://example.com/x#frag", "fragment",
                "https://example.com/" + "a".repeat(WebhookUrl.MAX_LENGTH), "at most 2048");
        cases.forEach((url, reason) -> {
            WebhookUrl.Invalid refused = assertThrows(WebhookUrl.Invalid.class, () -> WebhookUrl.parse(url, true), url);
            assertTrue(refused.getMessage().contains(reason), url + ": " + refused.getMessage());
            assertTrue(refused.hint() != null && !refused.hint().isBlank(), url);
        });
    }
}
