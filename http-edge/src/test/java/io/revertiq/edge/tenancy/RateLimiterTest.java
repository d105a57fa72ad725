package io.revertiq.edge.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket on a clock the test moves. */
class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(now::get);
    private final UUID tenant = UUID.randomUUID();

    private void advanceSeconds(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void aFullBucketAllowsTheLimitThenRefusesWithRetryAfter() {
        assertEquals(new RateLimiter.Decision(true, 3, 2, 20, 0), limiter.acquire(tenant, 3));
        assertEquals(new RateLimiter.Decision(true, 3, 1, 40, 0), limiter.acquire(tenant, 3));
        assertEquals(new RateLimiter.Decision(true, 3, 0, 60, 0), limiter.acquire(tenant, 3));
        assertEquals(new RateLimiter.Decision(false, 3, 0, 60, 20), limiter.acquire(tenant, 3));
    }

    @Test
    void tokensComeBackAtTheRateSpreadOverTheMinute() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire(tenant, 3);
        }
        advanceSeconds(19);
        RateLimiter.Decision early = limiter.acquire(tenant, 3);
        assertEquals(false, early.allowed());
        assertEquals(1, early.retryAfterSeconds());
        advanceSeconds(1);
        assertEquals(new RateLimiter.Decision(true, 3, 0, 60, 0), limiter.acquire(tenant, 3));
        advanceSeconds(3600);
        assertEquals(2, limiter.acquire(tenant, 3).remaining(), "an idle bucket refills to its size, no more");
    }

    @Test
    void tenantsHaveTheirOwnBucketsAndANewLimitStartsAFreshOne() {
        limiter.acquire(tenant, 1);
        assertEquals(false, limiter.acquire(tenant, 1).allowed());
        assertEquals(true, limiter.acquire(UUID.randomUUID(), 1).allowed());
        assertEquals(new RateLimiter.Decision(true, 5, 4, 12, 0), limiter.acquire(tenant, 5));
        assertThrows(IllegalArgumentException.class, () -> limiter.acquire(tenant, 0));
    }

    @Test
    void theLargestLimitCountsWithoutOverflow() {
        int max = Limits.MAX_REQUESTS_PER_MINUTE;
        assertEquals(new RateLimiter.Decision(true, max, max - 1, 1, 0), limiter.acquire(tenant, max));
        advanceSeconds(3600);
        assertEquals(max - 1, limiter.acquire(tenant, max).remaining(), "refilled to the full bucket, no further");
        assertThrows(IllegalArgumentException.class, () -> limiter.acquire(tenant, max + 1));
        assertThrows(IllegalArgumentException.class, () -> new Limits(1, 1, 1, max + 1));
    }
}
