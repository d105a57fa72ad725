package io.revertiq.ingest;

import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.ingest.provider.BarProvider;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The ingest service, validated at construction.
 *
 * @param streams          its Kafka Streams app (application id, cluster, registry, state)
 * @param lakeRoot         folder of the bar lake, shared with the analysis instances
 * @param provider         where missing bars come from
 * @param barFlushInterval how often buffered market bars are written to their daily shards
 */
public record IngestConfig(StreamsSettings streams, Path lakeRoot, BarProvider provider, Duration barFlushInterval) {

    public IngestConfig {
        if (streams == null || lakeRoot == null) {
            throw new IllegalArgumentException("streams settings and lake root are required");
        }
        if (provider == null) {
            throw new IllegalArgumentException("a bar provider is required");
        }
        if (barFlushInterval == null || barFlushInterval.isNegative() || barFlushInterval.isZero()) {
            throw new IllegalArgumentException("bar flush interval must be positive, got " + barFlushInterval);
        }
    }
}
