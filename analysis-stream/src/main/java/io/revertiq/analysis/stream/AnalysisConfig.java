package io.revertiq.analysis.stream;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The analysis service: where its Kafka Streams app runs, where the lake is (shared storage when several
 * instances run), how long an identical request may be answered from the result cache, and how many bars of
 * series stages (bars + z-series, about 80 bytes a bar, plus the cells' slices each stage keeps: at most 4 rows of
 * 33 bytes a bar) an instance keeps decoded for its fan-out and cells.
 */
public record AnalysisConfig(StreamsSettings streams, Path lakeRoot, Duration resultCacheTtl, int seriesMemoBars) {
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofHours(24);
    /** About 80 MB of stages and up to 130 MB of their slices: a few two-year series of 1-minute bars. */
    public static final int DEFAULT_SERIES_MEMO_BARS = 1_000_000;

    public AnalysisConfig {
        if (lakeRoot == null) {
            throw new IllegalArgumentException("lake root is required");
        }
        if (resultCacheTtl == null || resultCacheTtl.isNegative()) {
            throw new IllegalArgumentException("result cache TTL must be >= 0");
        }
        if (seriesMemoBars < 1) {
            throw new IllegalArgumentException("the series memo must hold at least one bar");
        }
    }
}
