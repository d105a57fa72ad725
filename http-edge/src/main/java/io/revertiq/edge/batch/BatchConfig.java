package io.revertiq.edge.batch;

import java.time.Duration;

/**
 * How batches behave, validated on construction.
 *
 * @param maxItems          the most analyses one {@code POST /v1/batch/analyze} may carry (1..{@value #MAX_ITEMS_LIMIT})
 * @param schedulerInterval how often a {@link BatchScheduler} looks for waiting items that a finished job made room for
 */
public record BatchConfig(int maxItems, Duration schedulerInterval) {
    public static final int MAX_ITEMS_LIMIT = 1000;

    public BatchConfig {
        if (maxItems < 1 || maxItems > MAX_ITEMS_LIMIT) {
            throw new IllegalArgumentException("a batch's item limit must be 1.." + MAX_ITEMS_LIMIT + ", got " + maxItems);
        }
        if (schedulerInterval == null || schedulerInterval.toMillis() < 1 || schedulerInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("the batch scheduler interval must be 1 ms..1 minute, got " + schedulerInterval);
        }
    }

    /** 100 analyses per batch; the scheduler looks every second. */
    public static BatchConfig defaults() {
        return new BatchConfig(100, Duration.ofSeconds(1));
    }
}
