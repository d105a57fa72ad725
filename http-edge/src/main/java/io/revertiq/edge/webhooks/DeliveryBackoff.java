package io.revertiq.edge.webhooks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The wait after failed attempt n (1-based): {@code min(maxDelay, baseDelay * 2^(n-1))} times a jitter factor drawn
 * uniformly from [0.5, 1) ("equal jitter"). Half of each wait is random, so receivers that come back after an outage
 * are not hit by every delivery at once, and the other half keeps the waits growing: the wait after attempt n+1 is
 * always longer than after attempt n until the cap is reached.
 */
final class DeliveryBackoff {
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final DoubleSupplier uniform;

    /** @param uniform draws from [0, 1) */
    DeliveryBackoff(Duration baseDelay, Duration maxDelay, DoubleSupplier uniform) {
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.uniform = uniform;
    }

    DeliveryBackoff(WebhookConfig config) {
        this(config.baseDelay(), config.maxDelay(), () -> ThreadLocalRandom.current().nextDouble());
    }

    Duration after(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, got " + attempt);
        }
        double nominal = Math.min(maxDelay.toMillis(), baseDelay.toMillis() * Math.pow(2, Math.min(attempt - 1, 62)));
        return Duration.ofMillis(Math.max(1, (long) (nominal * (0.5 + 0.5 * uniform.getAsDouble()))));
    }
}
