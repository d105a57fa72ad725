package io.revertiq.ingest;

import io.revertiq.ingest.provider.BarProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Everything the ingest service needs, validated at construction.
 *
 * @param applicationId     Kafka Streams application id (consumer group, state and internal topic prefix)
 * @param registryUrl       schema-registry endpoint the catalog's serdes use
 * @param lakeRoot          folder of the bar lake, shared with the analysis instances
 * @param provider          where missing bars come from
 * @param stateDir          Kafka Streams state (the market-bars buffer)
 * @param barFlushInterval  how often buffered market bars are written to their daily shards
 */
public record IngestConfig(String applicationId, String bootstrapServers, URI registryUrl, Path lakeRoot,
                           BarProvider provider, Path stateDir, Duration barFlushInterval) {
    private static final Pattern APPLICATION_ID = Pattern.compile("^[A-Za-z0-9._-]{1,200}$");

    public IngestConfig {
        if (applicationId == null || !APPLICATION_ID.matcher(applicationId).matches()) {
            throw new IllegalArgumentException("bad application id '" + applicationId + "', expected "
                    + APPLICATION_ID.pattern());
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are missing");
        }
        if (registryUrl == null || !registryUrl.isAbsolute()
                || !("http".equals(registryUrl.getScheme()) || "https".equals(registryUrl.getScheme()))) {
            throw new IllegalArgumentException("schema registry URL must be an absolute http(s) URL, got " + registryUrl);
        }
        if (lakeRoot == null || stateDir == null) {
            throw new IllegalArgumentException("lake root and state dir are required");
        }
        if (provider == null) {
            throw new IllegalArgumentException("a bar provider is required");
        }
        if (barFlushInterval == null || barFlushInterval.isNegative() || barFlushInterval.isZero()) {
            throw new IllegalArgumentException("bar flush interval must be positive, got " + barFlushInterval);
        }
    }

    /** The Kafka Streams settings of this service. */
    public Properties streamsProperties() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }
}
