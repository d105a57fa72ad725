package io.revertiq.edge.tenancy;

import java.time.Instant;

/** The answer of {@link JobStore#admit}: the job row exists, or why not. */
public sealed interface Admission {

    /** The job was recorded as {@code queued} and counts against the tenant's quotas from now on. */
    record Admitted(Job job) implements Admission {
    }

    /**
     * Refused by a plan limit. {@code limit} is the tenant's limit that was hit; {@code resetAt} is when a daily
     * quota frees up again (00:00 UTC next), null for limits that free up when a job finishes or never.
     */
    record Refused(Reason reason, int limit, String message, Instant resetAt) implements Admission {
    }

    enum Reason {
        /** {@code analyses_per_day} used up for the current UTC day. */
        DAILY_QUOTA,
        /** {@code max_concurrent} jobs already queued or running. */
        CONCURRENCY,
        /** The request's horizon is longer than {@code max_horizon_years}. */
        HORIZON
    }
}
