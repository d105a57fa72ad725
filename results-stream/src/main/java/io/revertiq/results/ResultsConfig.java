package io.revertiq.results;

import io.revertiq.analysis.stream.StreamsSettings;
import java.time.Duration;

/** The results service: its Streams app, the object store for artifacts, and how long results stay in its store. */
public record ResultsConfig(StreamsSettings streams, java.nio.file.Path objectStoreRoot, Duration resultTtl,
                           String revertiqVersion) {
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    public ResultsConfig {
        if (objectStoreRoot == null) {
            throw new IllegalArgumentException("object store root is required");
        }
        if (resultTtl == null || resultTtl.isNegative() || resultTtl.isZero()) {
            throw new IllegalArgumentException("result TTL must be positive");
        }
    }
}
