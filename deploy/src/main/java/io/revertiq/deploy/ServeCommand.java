package io.revertiq.deploy;

import io.revertiq.edge.HealthCheck;
import io.revertiq.edge.HttpEdge;
import io.revertiq.platform.LocalPlatform;
import io.revertiq.schemas.TopicProvisioner;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code revertiq serve}: the embedded default (KRaft broker, topics, registry endpoint, HTTP edge in one JVM)
 * or the same services against an external cluster. Ctrl-C stops everything in reverse order.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run RevertIQ: embedded broker, schema registry and HTTP edge (or attach to a cluster).")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "localhost", description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    String host;
    @Option(names = "--kafka-port", defaultValue = "9092", description = "Embedded broker port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;
    @Option(names = "--controller-port", defaultValue = "9093", description = "Embedded KRaft controller port (default: ${DEFAULT-VALUE}).")
    int controllerPort;
    @Option(names = "--registry-port", defaultValue = "8081", description = "Schema registry API port (default: ${DEFAULT-VALUE}).")
    int registryPort;
    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP edge port (default: ${DEFAULT-VALUE}).")
    int httpPort;
    @Option(names = "--data-dir", defaultValue = "data", description = "Where the embedded broker keeps its data (default: ${DEFAULT-VALUE}/kafka).")
    Path dataDir;
    @Option(names = "--bootstrap", description = "Use this Kafka cluster (HOST:PORT) instead of the embedded broker.")
    String bootstrap;
    @Option(names = "--registry", description = "Use this schema registry (URL) instead of serving one (needs --bootstrap).")
    String registry;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        ServeConfig config = new ServeConfig(host, kafkaPort, controllerPort, registryPort, httpPort,
                dataDir.resolve("kafka"), bootstrap, registry);
        Services services = Services.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.close();
            stopped.countDown();
        }, "revertiq-shutdown"));
        System.out.printf("RevertIQ is up: HTTP http://%s:%d  Kafka %s  Schema registry %s  (Ctrl-C stops)%n",
                config.host(), services.edge.port(), services.bootstrapServers, services.registryUrl);
        stopped.await();
        return 0;
    }

    /** Everything serve runs, started in dependency order and closed in reverse. */
    static final class Services implements AutoCloseable {
        final LocalPlatform platform;
        final Vertx vertx;
        final Admin admin;
        final HttpEdge edge;
        final String bootstrapServers;
        final String registryUrl;

        private Services(ServeConfig config) {
            if (config.externalRegistry() == null) {
                platform = LocalPlatform.start(new LocalPlatform.Config(config.externalBootstrap(), config.dataDir(),
                        config.host(), config.kafkaPort(), config.controllerPort(), config.registryPort()));
                bootstrapServers = platform.bootstrapServers();
                registryUrl = platform.registryUrl();
                vertx = platform.vertx();
            } else {
                platform = null;
                bootstrapServers = config.externalBootstrap();
                registryUrl = config.externalRegistry();
                TopicProvisioner.ensure(bootstrapServers, Topics.ALL);
                vertx = Vertx.vertx();
            }
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
            SchemaRegistryClient registryClient = new SchemaRegistryClient(registryUrl, java.time.Duration.ofSeconds(2));
            edge = new HttpEdge(vertx, List.of(
                    check("kafka", () -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes().get(2, TimeUnit.SECONDS)),
                    check("schema_registry", registryClient::globalCompatibility)))
                    .start(config.host(), config.httpPort());
        }

        static Services start(ServeConfig config) {
            return new Services(config);
        }

        private interface Probe {
            void run() throws Exception;
        }

        private static HealthCheck check(String name, Probe probe) {
            return new HealthCheck() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public void check() throws Exception {
                    probe.run();
                }
            };
        }

        @Override
        public void close() {
            edge.close();
            admin.close(java.time.Duration.ofSeconds(5));
            if (platform != null) {
                platform.close();
            } else {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
    }
}
