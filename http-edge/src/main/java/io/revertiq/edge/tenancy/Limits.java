package io.revertiq.edge.tenancy;

/** What a tenant may do: analyses per UTC day, analyses queued or running at once, horizon length, API requests per minute. */
public record Limits(int analysesPerDay, int maxConcurrent, int maxHorizonYears, int requestsPerMinute) {
    /** The rate limiter keeps a bucket as tokens x nanoseconds per minute in a long: past this it would overflow. */
    public static final int MAX_REQUESTS_PER_MINUTE = 100_000_000;

    public Limits {
        positive("analyses_per_day", analysesPerDay);
        positive("max_concurrent", maxConcurrent);
        positive("max_horizon_years", maxHorizonYears);
        positive("requests_per_minute", requestsPerMinute);
        if (requestsPerMinute > MAX_REQUESTS_PER_MINUTE) {
            throw new IllegalArgumentException("requests_per_minute must be <= " + MAX_REQUESTS_PER_MINUTE + ", got "
                    + requestsPerMinute);
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
