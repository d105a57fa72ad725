package io.revertiq.platform;

import io.revertiq.platform.kafka.EmbeddedKafka;
import io.revertiq.platform.registry.SchemaRegistryServer;
import io.revertiq.platform.registry.SchemaStore;
import io.revertiq.schemas.TopicProvisioner;
import io.revertiq.schemas.Topics;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The infrastructure of the embedded default in one JVM: a KRaft broker (or an external cluster), the
 * catalog's topics, and the schema-registry endpoint over the {@code _schemas} topic.
 */
public final class LocalPlatform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);

    /**
     * {@code externalBootstrap} null starts the embedded broker in {@code dataDir}; ports 0 pick free ones.
     */
    public record Config(String externalBootstrap, Path dataDir, String host, int kafkaPort, int controllerPort,
                         int registryPort) {
    }

    private final EmbeddedKafka kafka;
    private final String bootstrapServers;
    private final Vertx vertx;
    private final SchemaStore store;
    private final SchemaRegistryServer registry;

    private LocalPlatform(Config config) {
        long begin = System.nanoTime();
        if (config.externalBootstrap() == null) {
            kafka = new EmbeddedKafka(new EmbeddedKafka.Config(config.dataDir(), config.host(), config.kafkaPort(),
                    config.controllerPort())).start();
            bootstrapServers = kafka.bootstrapServers();
        } else {
            kafka = null;
            bootstrapServers = config.externalBootstrap();
        }
        TopicProvisioner.ensure(bootstrapServers, Topics.ALL);
        vertx = Vertx.vertx();
        store = new SchemaStore(bootstrapServers);
        registry = new SchemaRegistryServer(vertx, store).start(config.host(), config.registryPort());
        LOG.info("platform ready in {} ms: kafka {}, registry {}", (System.nanoTime() - begin) / 1_000_000,
                bootstrapServers, registryUrl());
    }

    public static LocalPlatform start(Config config) {
        return new LocalPlatform(config);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String registryUrl() {
        return "http://localhost:" + registry.port();
    }

    public Vertx vertx() {
        return vertx;
    }

    /** The embedded broker, or null when running against an external cluster. */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    @Override
    public void close() {
        registry.close();
        store.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        if (kafka != null) {
            kafka.close();
        }
    }
}
