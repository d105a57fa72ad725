package io.revertiq.edge.webhooks;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What a receiver does with a delivery before trusting it: the timestamp must be within {@code tolerance} of the
 * receiver's clock (a replayed old delivery is refused even with a valid signature) and one of the signatures in
 * {@value WebhookSignature#SIGNATURE_HEADER} must equal the HMAC of {@code "<timestamp>.<raw body>"}, compared in
 * constant time. Verify the raw bytes as received, before parsing the JSON.
 */
public final class WebhookVerifier {
    /** The verdict on one delivery; only {@link #VALID} may be trusted. */
    public enum Verdict {
        VALID,
        /** A header is missing, or not in the documented format. */
        MALFORMED,
        /** The timestamp is further from now than the tolerance: a replay, or a badly wrong clock. */
        STALE,
        /** No signature matches: another secret, or a tampered body or timestamp. */
        MISMATCH
    }

    private final String secret;
    private final Duration tolerance;

    /** @param tolerance how far the timestamp may be from the receiver's clock, either way (5 minutes is usual) */
    public WebhookVerifier(String secret, Duration tolerance) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the webhook secret is required");
        }
        if (tolerance.isNegative()) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        this.secret = secret;
        this.tolerance = tolerance;
    }

    public Verdict verify(String signatureHeader, String timestampHeader, byte[] body, Instant now) {
        if (signatureHeader == null || timestampHeader == null || !timestampHeader.matches("\\d{1,12}")) {
            return Verdict.MALFORMED;
        }
        long timestamp = Long.parseLong(timestampHeader);
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Verdict.STALE;
        }
        byte[] expected = WebhookSignature.mac(secret, timestamp, body);
        boolean matched = false;
        for (String part : signatureHeader.split(",")) {
            String candidate = part.trim();
            if (!candidate.startsWith(WebhookSignature.SCHEME)) {
                return Verdict.MALFORMED;
            }
            byte[] given;
            try {
                given = HexFormat.of().parseHex(candidate.substring(WebhookSignature.SCHEME.length()));
            } catch (IllegalArgumentException notHex) {
                return Verdict.MALFORMED;
            }
            // constant time; every signature is checked so timing does not tell which one matched
            matched |= MessageDigest.isEqual(expected, given);
        }
        return matched ? Verdict.VALID : Verdict.MISMATCH;
    }
}
