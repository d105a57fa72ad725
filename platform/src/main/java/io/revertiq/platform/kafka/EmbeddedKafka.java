package io.revertiq.platform.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka: one KRaft process that is broker and controller at once, formatted and started
 * in this JVM from the Maven artifacts. Used by the embedded default and by the test extension.
 * The data directory survives restarts (formatting is skipped when it is already formatted).
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Where the broker keeps its logs and which ports it listens on; port 0 picks a free one. */
    public record Config(Path dataDir, String host, int brokerPort, int controllerPort) {
        public static Config temporary() {
            try {
                return new Config(Files.createTempDirectory("revertiq-kafka"), "localhost", 0, 0);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a temporary Kafka data directory", e);
            }
        }
    }

    private final Config config;
    private final int brokerPort;
    private final int controllerPort;
    private KafkaRaftServer server;
    private long startMillis;

    public EmbeddedKafka(Config config) {
        this.config = config;
        this.brokerPort = config.brokerPort() == 0 ? freePort() : config.brokerPort();
        this.controllerPort = config.controllerPort() == 0 ? freePort() : config.controllerPort();
    }

    /** Formats the data directory if needed and starts the broker; returns once it accepts clients. */
    public synchronized EmbeddedKafka start() {
        long begin = System.nanoTime();
        Path logDir = config.dataDir().resolve("logs");
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(logDir);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka data directory " + logDir + ": " + e.getMessage(), e);
        }
        server = new KafkaRaftServer(new KafkaConfig(properties(logDir), false), Time.SYSTEM);
        server.startup();
        startMillis = (System.nanoTime() - begin) / 1_000_000;
        LOG.info("Kafka (KRaft, broker+controller) on {} started in {} ms, data in {}", bootstrapServers(),
                startMillis, config.dataDir());
        return this;
    }

    /** A new directory gets a new cluster; an existing one keeps its cluster id and data. */
    private static void format(Path logDir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    private Properties properties(Path logDir) {
        String host = config.host();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // one node: every internal topic has one replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // topics come from the catalog only
        p.put("auto.create.topics.enable", "false");
        return p;
    }

    public String bootstrapServers() {
        return config.host() + ":" + brokerPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public Path dataDir() {
        return config.dataDir();
    }

    /** How long the last {@link #start()} took, in milliseconds. */
    public long startMillis() {
        return startMillis;
    }

    /** Stops the broker and waits until every thread of it has ended. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("Kafka on {} stopped", bootstrapServers());
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
