package io.revertiq.edge.idempotency;

import java.time.Duration;

/**
 * How {@code Idempotency-Key} records behave, validated on construction.
 *
 * @param ttl           how long a key's record answers replays (and refuses other bodies) after its request started
 * @param lease         how long a request that claimed a key but has no analysis yet keeps it; a crashed request
 *                      frees its key after this, so it must exceed admission plus the submit timeout
 * @param inFlightWait  how long a duplicate waits for the first request of its key to get an analysis or a response
 *                      before it is answered 409 CONFLICT
 * @param sweepInterval how often expired records are deleted
 */
public record IdempotencyConfig(Duration ttl, Duration lease, Duration inFlightWait, Duration sweepInterval) {
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    public static final Duration MIN_TTL = Duration.ofMinutes(1);
    public static final Duration MAX_TTL = Duration.ofDays(30);

    public IdempotencyConfig {
        if (ttl == null || ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("the Idempotency-Key expiry must be 1 minute..30 days, got " + ttl);
        }
        if (lease == null || lease.isNegative() || lease.isZero() || lease.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("the Idempotency-Key lease must be positive and shorter than the expiry "
                    + ttl + ", got " + lease);
        }
        if (inFlightWait == null || inFlightWait.isNegative()) {
            throw new IllegalArgumentException("the in-flight wait must be >= 0, got " + inFlightWait);
        }
        if (sweepInterval == null || sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("the expiry sweep interval must be positive, got " + sweepInterval);
        }
    }

    /** 24 h records, a 30 s lease (the submit timeout is 10 s), 10 s of waiting for a duplicate, sweeps every 10 min. */
    public static IdempotencyConfig defaults() {
        return new IdempotencyConfig(DEFAULT_TTL, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(10));
    }

    public IdempotencyConfig withTtl(Duration newTtl) {
        return new IdempotencyConfig(newTtl, lease, inFlightWait, sweepInterval);
    }

    public IdempotencyConfig withInFlightWait(Duration wait) {
        return new IdempotencyConfig(ttl, lease, wait, sweepInterval);
    }
}
