package io.revertiq.deploy;

import io.revertiq.analysis.stream.AnalysisConfig;
import io.revertiq.analysis.stream.AnalysisTopology;
import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.edge.metrics.EdgeMetrics;
import io.revertiq.ingest.IngestConfig;
import io.revertiq.ingest.IngestTopology;
import io.revertiq.ingest.provider.BarProvider;
import io.revertiq.results.ResultsConfig;
import io.revertiq.results.ResultsTopology;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * The three stream services (ingest, analysis, results) of one instance. Every instance started with the same
 * cluster and data folder shares the work: Kafka Streams assigns each one a share of the partitions.
 */
public final class Pipeline implements AutoCloseable {
    public static final String INGEST_APP = "revertiq-ingest";
    public static final String ANALYSIS_APP = "revertiq-analysis";
    public static final String RESULTS_APP = "revertiq-results";

    /**
     * @param dataDir  holds the lake ({@code lake/}), the object store ({@code objects/}) and this instance's
     *                 Streams state ({@code state/{instanceId}/}); lake and objects are shared by instances
     */
    public record Config(String bootstrapServers, String registryUrl, Path dataDir, BarProvider provider,
                         String instanceId, String revertiqVersion, int threads, Duration resultCacheTtl) {
        public Path lake() {
            return dataDir.resolve("lake");
        }

        public Path objects() {
            return dataDir.resolve("objects");
        }

        StreamsSettings settings(String applicationId) {
            return new StreamsSettings(applicationId, bootstrapServers, registryUrl,
                    dataDir.resolve("state").resolve(instanceId).resolve(applicationId), threads);
        }
    }

    /** By application id, in start order: ingest, analysis, results. */
    private final Map<String, KafkaStreams> services = new LinkedHashMap<>();
    private final KafkaStreams analysis;

    private Pipeline(Config config) {
        SchemaRegistryClient registry = new SchemaRegistryClient(config.registryUrl());
        StreamsSettings ingestSettings = config.settings(INGEST_APP);
        IngestConfig ingest = new IngestConfig(ingestSettings, config.lake(), config.provider(), Duration.ofSeconds(5));
        start(IngestTopology.buildTopology(ingest), ingestSettings);
        StreamsSettings analysisSettings = config.settings(ANALYSIS_APP);
        analysis = start(AnalysisTopology.buildTopology(new AnalysisConfig(analysisSettings, config.lake(),
                config.resultCacheTtl(), AnalysisConfig.DEFAULT_SERIES_MEMO_BARS), registry), analysisSettings);
        StreamsSettings resultsSettings = config.settings(RESULTS_APP);
        start(ResultsTopology.buildTopology(new ResultsConfig(resultsSettings, config.objects(),
                config.resultCacheTtl(), config.revertiqVersion()), registry), resultsSettings);
    }

    public static Pipeline start(Config config) {
        return new Pipeline(config);
    }

    private KafkaStreams start(Topology topology, StreamsSettings settings) {
        KafkaStreams streams = new KafkaStreams(topology, settings.properties());
        services.put(settings.applicationId(), streams);
        streams.start();
        return streams;
    }

    /** The analysis service alone (scale-out tests stop one instance's analysis mid-run). */
    public KafkaStreams analysis() {
        return analysis;
    }

    /** The state of each service: ingest, analysis, results. */
    public List<KafkaStreams.State> states() {
        return services.values().stream().map(KafkaStreams::state).toList();
    }

    /** Binds each service's Kafka Streams metrics, tagged with its application id. */
    public void bindMetrics(EdgeMetrics metrics) {
        services.forEach(metrics::bindStreams);
    }

    /** Blocks until every service of this instance is RUNNING (has its partitions). */
    public Pipeline awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (KafkaStreams streams : services.values()) {
            while (streams.state() != KafkaStreams.State.RUNNING) {
                if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("stream service did not reach RUNNING: " + streams.state());
                }
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        return this;
    }

    @Override
    public void close() {
        List<KafkaStreams> started = List.copyOf(services.values());
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close(Duration.ofSeconds(30));
        }
    }
}
