package io.revertiq.edge.tenancy;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-tenant token buckets: a bucket holds {@code requests_per_minute} tokens, refills at that rate spread evenly
 * over the minute, and a request takes one. Buckets live in this JVM's memory, so the limit holds per edge
 * instance: with N instances behind a balancer a tenant gets up to N times its rate (a shared limit would need
 * the buckets in Postgres or Redis; one instance is the embedded default).
 */
public final class RateLimiter {
    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final LongSupplier nanoTime;
    /** One small entry per tenant seen since start: tenants are few, so the map is not evicted. */
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter() {
        this(System::nanoTime);
    }

    /** With a clock, so tests can move time instead of sleeping. */
    public RateLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * The decision for one request of {@code tenantId} at {@code perMinute}; also what the
     * {@code X-RateLimit-*} headers say. {@code resetSeconds} is how long until the bucket is full again;
     * {@code retryAfterSeconds} how long until the next request would be allowed (0 when this one was).
     */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {
    }

    public Decision acquire(UUID tenantId, int perMinute) {
        if (perMinute < 1 || perMinute > Limits.MAX_REQUESTS_PER_MINUTE) {
            throw new IllegalArgumentException("requests_per_minute must be 1.." + Limits.MAX_REQUESTS_PER_MINUTE
                    + ", got " + perMinute);
        }
        long now = nanoTime.getAsLong();
        // a changed plan limit starts a fresh, full bucket at the new size
        Bucket bucket = buckets.compute(tenantId, (id, b) -> b == null || b.capacity != perMinute ? new Bucket(perMinute, now) : b);
        return bucket.take(now);
    }

    private static final class Bucket {
        final int capacity;
        /** Tokens in units of 1/capacity-minute nanos, i.e. tokens * NANOS_PER_MINUTE: integer maths, no drift. */
        private long scaled;
        private long last;

        Bucket(int capacity, long now) {
            this.capacity = capacity;
            this.scaled = (long) capacity * NANOS_PER_MINUTE;
            this.last = now;
        }

        synchronized Decision take(long now) {
            long full = (long) capacity * NANOS_PER_MINUTE;
            // refill: capacity tokens per minute = capacity * elapsed nanos in scaled units
            long elapsed = Math.max(0, now - last);
            scaled = elapsed >= NANOS_PER_MINUTE ? full : Math.min(full, scaled + capacity * elapsed);
            last = now;
            boolean allowed = scaled >= NANOS_PER_MINUTE;
            if (allowed) {
                scaled -= NANOS_PER_MINUTE;
            }
            int remaining = (int) (scaled / NANOS_PER_MINUTE);
            long resetSeconds = ceilSeconds((full - scaled) / capacity);
            long retryAfter = allowed ? 0 : ceilSeconds((NANOS_PER_MINUTE - scaled + capacity - 1) / capacity);
            return new Decision(allowed, capacity, remaining, resetSeconds, retryAfter);
        }

        private static long ceilSeconds(long nanos) {
            return (nanos + 999_999_999L) / 1_000_000_000L;
        }
    }
}
