package io.revertiq.edge.webhooks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * The wait after failed attempt n (1-based): with {@code nominal = min(maxDelay, baseDelay * 2^(n-1))} in
 * milliseconds, {@code nominal - r} for r drawn uniformly from {@code [0, nominal / 2)} ("equal jitter"). Half of each
 * wait is random, so receivers that come back after an outage are not hit by every delivery at once, and the other
 * half keeps the waits growing: the wait after attempt n+1 is always longer than after attempt n until the cap.
 */
final class DeliveryBackoff {
    private final long baseMillis;
    private final long maxMillis;
    private final LongUnaryOperator randomBelow;

    /** @param randomBelow draws uniformly from [0, bound) */
    DeliveryBackoff(Duration baseDelay, Duration maxDelay, LongUnaryOperator randomBelow) {
        this.baseMillis = baseDelay.toMillis();
        this.maxMillis = maxDelay.toMillis();
        this.randomBelow = randomBelow;
    }

    DeliveryBackoff(WebhookConfig config) {
        this(config.baseDelay(), config.maxDelay(), bound -> ThreadLocalRandom.current().nextLong(bound));
    }

    Duration after(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, got " + attempt);
        }
        // doubling stops at the cap, so the shift never overflows
        long nominal = baseMillis;
        for (int i = 1; i < attempt && nominal < maxMillis; i++) {
            nominal *= 2;
        }
        nominal = Math.min(nominal, maxMillis);
        return Duration.ofMillis(nominal - randomBelow.applyAsLong(Math.max(1, nominal / 2)));
    }
}
