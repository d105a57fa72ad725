package io.revertiq.edge.batch;

import java.time.Instant;
import java.util.List;

/** The answer of {@link BatchStore#admit}: the batch exists, or the plan limit that refused all of it. */
public sealed interface BatchAdmission {

    /**
     * Every item has a job ({@code analysisIds} in item order); {@code promoted} are the waiting jobs of the tenant
     * (this batch's first, or older batches' ones) that took its free concurrent slots and must be submitted now.
     */
    record Admitted(List<String> analysisIds, List<Promotion> promoted) implements BatchAdmission {
    }

    /** Item {@code index}'s horizon is longer than the plan's {@code maxYears}. */
    record HorizonTooLong(int index, int maxYears) implements BatchAdmission {
    }

    /** The batch needs {@code requested} analyses but only {@code left} of the plan's {@code perDay} remain today. */
    record DailyQuotaExceeded(int requested, long left, int perDay, Instant resetAt) implements BatchAdmission {
    }
}
