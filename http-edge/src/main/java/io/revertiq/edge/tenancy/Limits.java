package io.revertiq.edge.tenancy;

/** What a tenant may do: analyses per UTC day, analyses queued or running at once, horizon length, API requests per minute. */
public record Limits(int analysesPerDay, int maxConcurrent, int maxHorizonYears, int requestsPerMinute) {

    public Limits {
        positive("analyses_per_day", analysesPerDay);
        positive("max_concurrent", maxConcurrent);
        positive("max_horizon_years", maxHorizonYears);
        positive("requests_per_minute", requestsPerMinute);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
