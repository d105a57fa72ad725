package io.revertiq.edge.tenancy;

import java.time.Instant;

/**
 * What a tenant has used of its plan: jobs created since 00:00 UTC (any status), jobs queued or running now, and
 * when the daily count starts again.
 */
public record QuotaUsage(long today, long active, Instant resetAt) {
}
