package io.revertiq.edge.webhooks;

import java.time.Duration;

/**
 * How webhooks are delivered, validated when built.
 *
 * @param baseDelay      the backoff after the first failed attempt; it doubles per attempt, with equal jitter
 * @param maxDelay       the cap of one backoff
 * @param maxAttempts    attempts before a delivery is dead (dead-lettered)
 * @param requestTimeout connect timeout, and the longest the receiver may stay silent during one attempt
 * @param pollInterval   how often a dispatcher looks for due deliveries when it found none
 * @param batchSize      deliveries one dispatcher claims (and calls concurrently) per poll
 * @param allowPlainHttp accept {@code http://} URLs on any host (otherwise only on loopback hosts)
 * @param rotationGrace  how long the previous signing secret still signs after a rotation
 */
public record WebhookConfig(Duration baseDelay, Duration maxDelay, int maxAttempts, Duration requestTimeout,
                            Duration pollInterval, int batchSize, boolean allowPlainHttp, Duration rotationGrace) {

    /** Ten attempts spread over one to two hours; 10 s per attempt; polled every second. */
    public static WebhookConfig defaults() {
        return new WebhookConfig(Duration.ofSeconds(15), Duration.ofHours(1), 10, Duration.ofSeconds(10),
                Duration.ofSeconds(1), 16, false, Duration.ofHours(24));
    }

    public WebhookConfig {
        positive("baseDelay", baseDelay);
        positive("maxDelay", maxDelay);
        positive("requestTimeout", requestTimeout);
        positive("pollInterval", pollInterval);
        if (rotationGrace == null || rotationGrace.isNegative()) {
            throw new IllegalArgumentException("webhook rotationGrace must be >= 0, got " + rotationGrace);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("webhook maxDelay (" + maxDelay + ") must be >= baseDelay (" + baseDelay + ")");
        }
        if (maxAttempts < 1 || maxAttempts > 50) {
            throw new IllegalArgumentException("webhook maxAttempts must be 1..50, got " + maxAttempts);
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("webhook batchSize must be 1..1000, got " + batchSize);
        }
    }

    public WebhookConfig withAllowPlainHttp(boolean allow) {
        return new WebhookConfig(baseDelay, maxDelay, maxAttempts, requestTimeout, pollInterval, batchSize, allow,
                rotationGrace);
    }

    /**
     * How long a claimed delivery stays invisible to other dispatchers: longer than an attempt can take (connect and
     * idle timeouts, plus recording it), so only a dispatcher that died mid-call leaves a delivery to be claimed again.
     */
    Duration lease() {
        return requestTimeout.multipliedBy(3).plusSeconds(30);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("webhook " + name + " must be > 0, got " + value);
        }
    }
}
