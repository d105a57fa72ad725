package io.revertiq.edge.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a delivery is signed: {@code RevertIQ-Signature: sha256=<hex>} where hex is the lower-case HMAC-SHA256, keyed
 * with the UTF-8 bytes of the tenant's secret ({@code whsec_...}, prefix included), of the UTF-8 string
 * {@code "<RevertIQ-Timestamp>.<raw body>"}. Signing the timestamp with the body is what lets a receiver refuse
 * replays of an old delivery. While a rotated-out secret is still in its grace period the header carries one
 * signature per secret, comma separated, newest first.
 */
public final class WebhookSignature {
    public static final String SIGNATURE_HEADER = "RevertIQ-Signature";
    public static final String TIMESTAMP_HEADER = "RevertIQ-Timestamp";
    public static final String SCHEME = "sha256=";

    private WebhookSignature() {
    }

    /** The {@value #SIGNATURE_HEADER} value for {@code body} sent at {@code timestamp} (unix seconds). */
    public static String header(List<String> secrets, long timestamp, byte[] body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one secret signs a delivery");
        }
        return secrets.stream().map(secret -> SCHEME + hex(secret, timestamp, body)).collect(Collectors.joining(","));
    }

    /** Lower-case hex HMAC-SHA256 of {@code "<timestamp>.<body>"} under {@code secret}. */
    public static String hex(String secret, long timestamp, byte[] body) {
        return HexFormat.of().formatHex(mac(secret, timestamp, body));
    }

    static byte[] mac(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
