package io.revertiq.ingest.provider;

/**
 * Client-side rate limit: up to {@code capacity} requests at once, refilled continuously at
 * {@code permitsPerSecond}. Staying under the vendor's limit avoids 429 storms instead of retrying through them.
 */
final class TokenBucket {
    private final double permitsPerNano;
    private final double capacity;
    private double tokens;
    private long last;

    TokenBucket(double permitsPerSecond, int capacity) {
        if (!(permitsPerSecond > 0) || capacity < 1) {
            throw new IllegalArgumentException("token bucket needs a positive rate and capacity");
        }
        this.permitsPerNano = permitsPerSecond / 1e9;
        this.capacity = capacity;
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    /** Takes one permit, sleeping until one is available. */
    synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) * permitsPerNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return;
            }
            long waitNanos = (long) Math.ceil((1 - tokens) / permitsPerNano);
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }
}
