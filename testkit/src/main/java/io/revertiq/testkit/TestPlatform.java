package io.revertiq.testkit;

import io.revertiq.platform.LocalPlatform;
import io.revertiq.platform.kafka.EmbeddedKafka;
import io.revertiq.platform.postgres.EmbeddedPostgresServer;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.kafka.KafkaContainer;

/** The broker and registry a test runs against; closed by JUnit when the test JVM's tests are done. */
public final class TestPlatform implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    /** The image used where Docker exists; the same Kafka release as the embedded broker. */
    static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private final Path dataDir;
    private final KafkaContainer container;
    private final LocalPlatform platform;
    private final SchemaRegistryClient registryClient;
    private final long startMillis;

    private TestPlatform(Path dataDir, KafkaContainer container, LocalPlatform platform, long startMillis) {
        this.dataDir = dataDir;
        this.container = container;
        this.platform = platform;
        this.registryClient = new SchemaRegistryClient(platform.registryUrl());
        this.startMillis = startMillis;
    }

    static TestPlatform start() {
        long begin = System.nanoTime();
        try {
            Path dataDir = Files.createTempDirectory("revertiq-test-kafka");
            KafkaContainer container = null;
            String external = null;
            if ("testcontainers".equals(System.getProperty("revertiq.kafka", "embedded"))) {
                container = new KafkaContainer(KAFKA_IMAGE);
                container.start();
                external = container.getBootstrapServers();
            }
            LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Config(external, dataDir, "localhost", 0, 0, 0));
            return new TestPlatform(dataDir, container, platform, (System.nanoTime() - begin) / 1_000_000);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the test data directory", e);
        }
    }

    public String bootstrapServers() {
        return platform.bootstrapServers();
    }

    public String registryUrl() {
        return platform.registryUrl();
    }

    /** A client of the platform's registry endpoint, shared by the tests of this JVM. */
    public SchemaRegistryClient registry() {
        return registryClient;
    }

    public LocalPlatform platform() {
        return platform;
    }

    /** Milliseconds from the call to a ready broker, topics and registry. */
    public long startMillis() {
        return startMillis;
    }

    /**
     * The PostgreSQL of this test JVM, started on first use and independent of the broker, so a test that needs
     * only Postgres neither starts nor waits for Kafka.
     */
    public static TestPostgres postgres() {
        return PostgresHolder.INSTANCE;
    }

    /** The JVM initialises a nested class on first access: a lazy, thread-safe singleton. */
    private static final class PostgresHolder {
        static final TestPostgres INSTANCE = startPostgres();

        private static TestPostgres startPostgres() {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.temporary();
            // JUnit has no JVM-wide teardown that works without the extension; the child process must not outlive us
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-postgres-stop"));
            return new TestPostgres(server);
        }
    }

    /** Stops and restarts the broker on the same ports and data (embedded broker only). */
    public void restartBroker() {
        EmbeddedKafka kafka = platform.kafka();
        if (kafka == null) {
            throw new UnsupportedOperationException("broker restarts need the embedded broker (-Drevertiq.kafka=embedded)");
        }
        kafka.close();
        kafka.start();
    }

    @Override
    public void close() {
        platform.close();
        if (container != null) {
            container.stop();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
