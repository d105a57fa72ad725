package io.revertiq.edge.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.revertiq.edge.webhooks.WebhookVerifier.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Signatures against HMACs computed outside Java, and what the verifier refuses. The expected values come from
 * {@code printf '%s' '<timestamp>.<body>' | openssl dgst -sha256 -hmac '<secret>'}.
 */
class WebhookSignatureTest {
    private static final String SECRET = "whsec_test";
    private static final long TIMESTAMP = 1_700_000_000L;
    private static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
    private static final String OPENSSL_HEX = "c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925";
    private static final Instant SENT = Instant.ofEpochSecond(TIMESTAMP);
    private final WebhookVerifier verifier = new WebhookVerifier(SECRET, Duration.ofMinutes(5));

    @Test
    void theSignatureIsTheHmacOfTimestampDotBodyAsOpensslComputesIt() {
        assertEquals(OPENSSL_HEX, WebhookSignature.hex(SECRET, TIMESTAMP, BODY));
        assertEquals("sha256=" + OPENSSL_HEX, WebhookSignature.header(List.of(SECRET), TIMESTAMP, BODY));
        // the key is the whole secret string and the body is hashed as its UTF-8 bytes
        byte[] unicode = "{\"type\":\"analysis.complete\",\"data\":{\"ticker\":\"ÄBC\"}}".getBytes(StandardCharsets.UTF_8);
        assertEquals("ab6ae2ca1c8b75018491681ef3d8ec7126ac1d899403916ee0f332d27764dd0e",
                WebhookSignature.hex("whsec_Zm9vYmFyYmF6cXV4cXV1eGNvcmdl", 1_712_345_678L, unicode));
    }

    @Test
    void aFreshUntamperedDeliveryIsValid() {
        assertEquals(Verdict.VALID, verifier.verify("sha256=" + OPENSSL_HEX, "1700000000", BODY, SENT.plusSeconds(42)));
        assertEquals(Verdict.VALID, verifier.verify("sha256=" + OPENSSL_HEX, "1700000000", BODY, SENT.minusSeconds(300)),
                "a receiver clock slightly behind is tolerated");
    }

    @Test
    void aTamperedBodyOrTimestampIsAMismatch() {
        byte[] tampered = "{\"id\":\"evt_2\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(Verdict.MISMATCH, verifier.verify("sha256=" + OPENSSL_HEX, "1700000000", tampered, SENT));
        assertEquals(Verdict.MISMATCH, verifier.verify("sha256=" + OPENSSL_HEX, "1700000001", BODY, SENT),
                "the timestamp is signed too, so it cannot be moved forward to pass the tolerance");
        assertEquals(Verdict.MISMATCH, new WebhookVerifier("whsec_other", Duration.ofMinutes(5))
                .verify("sha256=" + OPENSSL_HEX, "1700000000", BODY, SENT));
        String flipped = OPENSSL_HEX.substring(0, 63) + "4";
        assertEquals(Verdict.MISMATCH, verifier.verify("sha256=" + flipped, "1700000000", BODY, SENT));
    }

    @Test
    void anOldDeliveryIsStaleEvenWithAValidSignature() {
        assertEquals(Verdict.STALE, verifier.verify("sha256=" + OPENSSL_HEX, "1700000000", BODY, SENT.plusSeconds(301)));
        assertEquals(Verdict.STALE, verifier.verify("sha256=" + OPENSSL_HEX, "1700000000", BODY, SENT.minusSeconds(301)));
    }

    @Test
    void missingOrMalformedHeadersAreMalformed() {
        assertEquals(Verdict.MALFORMED, verifier.verify(null, "1700000000", BODY, SENT));
        assertEquals(Verdict.MALFORMED, verifier.verify("sha256=" + OPENSSL_HEX, null, BODY, SENT));
        assertEquals(Verdict.MALFORMED, verifier.verify("sha256=" + OPENSSL_HEX, "17e8", BODY, SENT));
        assertEquals(Verdict.MALFORMED, verifier.verify("sha1=" + OPENSSL_HEX, "1700000000", BODY, SENT));
        assertEquals(Verdict.MALFORMED, verifier.verify("sha256=xyz", "1700000000", BODY, SENT));
    }

    @Test
    void duringARotationEitherSecretVerifies() {
        String both = WebhookSignature.header(List.of("whsec_new", SECRET), TIMESTAMP, BODY);
        assertEquals("sha256=" + WebhookSignature.hex("whsec_new", TIMESTAMP, BODY) + ",sha256=" + OPENSSL_HEX, both);
        assertEquals(Verdict.VALID, verifier.verify(both, "1700000000", BODY, SENT), "the receiver with the old secret");
        assertEquals(Verdict.VALID, new WebhookVerifier("whsec_new", Duration.ofMinutes(5))
                .verify(both, "1700000000", BODY, SENT), "the receiver that already switched");
    }
}
