package io.revertiq.ingest.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Polygon (Massive) aggregates client, validated at construction.
 *
 * @param baseUrl           scheme, host and optional path prefix, e.g. {@code https://api.polygon.io}
 * @param requestsPerMinute client-side rate limit (the free plan allows 5)
 * @param maxAttempts       tries per page, counting the first; 429, 5xx and connection failures are retried
 * @param initialBackoff    cap of the first retry's random delay; doubled per retry up to {@code maxBackoff}
 */
public record PolygonConfig(URI baseUrl, String apiKey, int requestsPerMinute, int maxAttempts,
                            Duration initialBackoff, Duration maxBackoff, Duration requestTimeout) {
    public static final String API_KEY_ENV = "POLYGON_API_KEY";
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.polygon.io");

    public PolygonConfig {
        if (baseUrl == null || !baseUrl.isAbsolute() || baseUrl.getHost() == null
                || !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
            throw new IllegalArgumentException("polygon base URL must be an absolute http(s) URL, got " + baseUrl);
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("polygon API key is missing (set " + API_KEY_ENV + ")");
        }
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("polygon requests per minute must be >= 1, got " + requestsPerMinute);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("polygon max attempts must be >= 1, got " + maxAttempts);
        }
        if (!isPositive(initialBackoff) || !isPositive(maxBackoff) || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("polygon backoff must be 0 < initial <= max, got " + initialBackoff
                    + " and " + maxBackoff);
        }
        if (!isPositive(requestTimeout)) {
            throw new IllegalArgumentException("polygon request timeout must be positive, got " + requestTimeout);
        }
    }

    /** Production defaults with the key from {@value #API_KEY_ENV}. */
    public static PolygonConfig fromEnv(Map<String, String> env) {
        return new PolygonConfig(DEFAULT_BASE_URL, env.get(API_KEY_ENV), 5, 5, Duration.ofSeconds(1),
                Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    /** The key never reaches logs or exception messages. */
    @Override
    public String toString() {
        return "PolygonConfig[baseUrl=" + baseUrl + ", apiKey=***, requestsPerMinute=" + requestsPerMinute
                + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff="
                + maxBackoff + ", requestTimeout=" + requestTimeout + "]";
    }

    private static boolean isPositive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
