package io.revertiq.analysis.stream;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The analysis service: where its Kafka Streams app runs, where the lake is (shared storage when several
 * instances run), and how long an identical request may be answered from the result cache.
 */
public record AnalysisConfig(StreamsSettings streams, Path lakeRoot, Duration resultCacheTtl, int seriesCacheEntries) {
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(24);

    public AnalysisConfig {
        if (lakeRoot == null) {
            throw new IllegalArgumentException("lake root is required");
        }
        if (resultCacheTtl == null || resultCacheTtl.isNegative()) {
            throw new IllegalArgumentException("result cache TTL must be >= 0");
        }
        if (seriesCacheEntries < 1) {
            throw new IllegalArgumentException("the series cache must hold at least one series");
        }
    }
}
