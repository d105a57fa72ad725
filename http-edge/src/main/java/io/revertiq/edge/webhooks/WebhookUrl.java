package io.revertiq.edge.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules for a {@code webhook_url}: an absolute {@code https://} URL of at most {@value #MAX_LENGTH} characters
 * with a host, no user info (credentials would be stored and shown in the delivery log) and no fragment (never sent).
 * Plain {@code http://} is accepted for loopback hosts (a receiver on the same machine, as in tests), or for any host
 * when the configuration allows it. The host is not resolved here: validation never blocks.
 */
public final class WebhookUrl {
    public static final int MAX_LENGTH = 2048;
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

    /** Why a URL is refused, and what to send instead. */
    public static final class Invalid extends IllegalArgumentException {
        private final String hint;

        Invalid(String message, String hint) {
            super(message);
            this.hint = hint;
        }

        public String hint() {
            return hint;
        }
    }

    private WebhookUrl() {
    }

    /** The URL, or {@link Invalid} saying why not. */
    public static URI parse(String raw, boolean allowPlainHttp) {
        String example = "e.g. https://hooks.example.com/revertiq";
        if (raw == null || raw.isBlank()) {
            throw new Invalid("webhook_url is empty", "send an absolute https URL, " + example);
        }
        if (raw.length() > MAX_LENGTH) {
            throw new Invalid("webhook_url is " + raw.length() + " characters long; at most " + MAX_LENGTH
                    + " are accepted", "use a shorter URL");
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new Invalid("webhook_url is not a valid URL: " + e.getReason() + " at index " + e.getIndex(),
                    "send an absolute https URL, " + example);
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new Invalid("webhook_url must be an absolute http(s) URL, got '" + raw + "'",
                    "send an absolute https URL, " + example);
        }
        if (uri.getHost() == null || uri.getRawAuthority() == null) {
            throw new Invalid("webhook_url has no host", "send an absolute https URL, " + example);
        }
        if (uri.getRawUserInfo() != null) {
            throw new Invalid("webhook_url must not carry credentials (user info)",
                    "verify deliveries with the RevertIQ-Signature header instead of credentials in the URL");
        }
        if (uri.getRawFragment() != null) {
            throw new Invalid("webhook_url must not have a fragment (#...)", "remove the fragment; it is never sent");
        }
        if (scheme.equals("http") && !allowPlainHttp && !isLoopback(uri.getHost())) {
            throw new Invalid("webhook_url must use https (plain http is accepted for loopback hosts only)",
                    "serve the receiver over TLS, " + example);
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || IPV4_LOOPBACK.matcher(h).matches();
    }
}
