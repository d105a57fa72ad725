package io.revertiq.ingest.provider;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter (a uniform delay in [0, min(max, initial * 2^(retry-1))]): clients that
 * failed together do not retry together.
 */
record Backoff(Duration initial, Duration max) {

    /** Delay before retry number {@code retry} (1 for the first retry); a server's Retry-After is a floor. */
    Duration delay(int retry, Duration retryAfter) {
        long capMs = Math.min(max.toMillis(), initial.toMillis() << Math.min(retry - 1, 30));
        long jitterMs = ThreadLocalRandom.current().nextLong(capMs + 1);
        long floorMs = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), max.toMillis());
        return Duration.ofMillis(Math.max(jitterMs, floorMs));
    }
}
