package io.revertiq.deploy;

import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.edge.BuildInfo;
import io.revertiq.edge.HealthCheck;
import io.revertiq.edge.HttpEdge;
import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.edge.api.AnalysisObjects;
import io.revertiq.edge.api.AnalysisSubmitter;
import io.revertiq.edge.api.AnalysisView;
import io.revertiq.edge.api.ApiSchemas;
import io.revertiq.edge.api.ArtifactRoutes;
import io.revertiq.edge.api.MetadataRoutes;
import io.revertiq.edge.api.SchemaRoutes;
import io.revertiq.edge.api.BatchApi;
import io.revertiq.edge.batch.BatchConfig;
import io.revertiq.edge.batch.BatchScheduler;
import io.revertiq.edge.batch.BatchStore;
import io.revertiq.edge.api.LostSubmissionSweeper;
import io.revertiq.edge.api.V1Api;
import io.revertiq.edge.idempotency.IdempotencyConfig;
import io.revertiq.edge.idempotency.IdempotencyKeys;
import io.revertiq.edge.idempotency.IdempotencySweeper;
import io.revertiq.edge.metrics.EdgeMetrics;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.Scope;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.tenancy.Tenant;
import io.revertiq.edge.webhooks.DeadLetterPublisher;
import io.revertiq.edge.webhooks.WebhookConfig;
import io.revertiq.edge.webhooks.WebhookDispatcher;
import io.revertiq.edge.webhooks.Webhooks;
import java.util.EnumSet;
import io.revertiq.platform.LocalPlatform;
import io.revertiq.results.artifacts.LocalObjectStore;
import io.revertiq.schemas.TopicProvisioner;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code revertiq serve}: the embedded default (KRaft broker, topics, registry endpoint, the ingest -> analysis ->
 * results pipeline and the HTTP edge in one JVM) or the same services against an external cluster. Ctrl-C stops
 * everything in reverse order.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run RevertIQ: embedded broker, schema registry, pipeline and HTTP edge (or attach to a cluster).")
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
    @Option(names = "--home", defaultValue = "data", description = "Broker data, lake, artifacts and stream state (default: ${DEFAULT-VALUE}).")
    Path home;
    @Option(names = "--bootstrap", description = "Use this Kafka cluster (HOST:PORT) instead of the embedded broker.")
    String bootstrap;
    @Option(names = "--registry", description = "Use this schema registry (URL) instead of serving one (needs --bootstrap).")
    String registry;
    @Option(names = "--provider", defaultValue = "synthetic", description = "polygon | files | synthetic (default: ${DEFAULT-VALUE}).")
    ProviderChoice.Kind provider;
    @Option(names = "--data-dir", description = "Folder of {TICKER}.csv / .csv.gz / .parquet for --provider files.")
    Path dataDir;
    @Option(names = "--seed", defaultValue = "7", description = "Seed of --provider synthetic (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--plant", description = "A planted window of --provider synthetic, e.g. TUE@10:00-11:00=0.3 (repeatable).")
    List<String> plants = new ArrayList<>();
    @Option(names = "--db-url", description = "PostgreSQL of tenants, keys and jobs: postgresql://[user[:password]@]host[:port]/db "
            + "(default: an embedded PostgreSQL under --home/postgres).")
    String dbUrl;
    @Option(names = "--postgres-port", defaultValue = "0", description = "Embedded PostgreSQL port (default: a free one, printed at start).")
    int postgresPort;
    @Option(names = "--threads", defaultValue = "2", description = "Stream threads per service (default: ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--idempotency-ttl", defaultValue = "24", description = "Hours an Idempotency-Key record replays its response (1..720, default: ${DEFAULT-VALUE}).")
    int idempotencyTtlHours;
    @Option(names = "--sync-wait", defaultValue = "60", description = "Seconds a synchronous POST /v1/analyze waits for its result before answering 202 (default: ${DEFAULT-VALUE}).")
    int syncWaitSeconds;
    @Option(names = "--webhook-allow-http", description = "Accept plain http:// webhook URLs on any host "
            + "(default: https, or http on loopback hosts only).")
    boolean webhookAllowHttp;

    /** The tenant the embedded default creates on its first start. */
    static final String DEVELOPMENT_TENANT = "development";

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        ServeConfig config = new ServeConfig(host, kafkaPort, controllerPort, registryPort, httpPort, home, bootstrap,
                registry, new ProviderChoice(provider, dataDir, seed, ProviderChoice.parsePlants(plants)), threads);
        if (syncWaitSeconds < 0) {
            throw new IllegalArgumentException("--sync-wait must be >= 0 seconds, got " + syncWaitSeconds);
        }
        if (idempotencyTtlHours < 1 || idempotencyTtlHours > 720) {
            throw new IllegalArgumentException("--idempotency-ttl must be 1..720 hours, got " + idempotencyTtlHours);
        }
        IdempotencyConfig idempotency = IdempotencyConfig.defaults().withTtl(Duration.ofHours(idempotencyTtlHours));
        EdgeDatabase.ServeOptions database = new EdgeDatabase.ServeOptions(dbUrl, postgresPort);
        Services services = Services.start(config, database, System.getenv(), Duration.ofSeconds(syncWaitSeconds),
                WebhookConfig.defaults().withAllowPlainHttp(webhookAllowHttp), idempotency);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            services.close();
            stopped.countDown();
        }, "revertiq-shutdown"));
        System.out.printf("RevertIQ is up: HTTP http://%s:%d  Kafka %s  Schema registry %s  Postgres %s  provider %s  (Ctrl-C stops)%n",
                config.host(), services.edge.port(), services.bootstrapServers, services.registryUrl, services.database.describe(),
                provider.name().toLowerCase(java.util.Locale.ROOT));
        if (services.developmentKey != null) {
            System.out.println("created tenant '" + DEVELOPMENT_TENANT + "' (plan pro); its key is shown only this once:");
            System.out.println("development key: " + services.developmentKey);
            System.out.println("saved for revertiq run/status/export beside this serve (owner-only) in "
                    + DevelopmentKey.save(home, services.developmentKey));
        }
        stopped.await();
        return 0;
    }

    /** Everything serve runs, started in dependency order and closed in reverse. */
    static final class Services implements AutoCloseable {
        final LocalPlatform platform;
        final Vertx vertx;
        final Admin admin;
        final Pipeline pipeline;
        final EdgeDatabase database;
        final AnalysisView view;
        final AnalysisSubmitter submitter;
        final DeadLetterPublisher deadLetters;
        final WebhookDispatcher dispatcher;
        final IdempotencySweeper idempotencySweeper;
        final LostSubmissionSweeper lostSubmissions;
        final BatchScheduler batchScheduler;
        final HttpEdge edge;
        final EdgeMetrics metrics;
        final String bootstrapServers;
        final String registryUrl;
        /** The development tenant's key when this start created it (embedded default, first start), else null. */
        final String developmentKey;

        private Services(ServeConfig config, EdgeDatabase.ServeOptions databaseOptions, Map<String, String> environment,
                         Duration syncWait, WebhookConfig webhookConfig, IdempotencyConfig idempotencyConfig)
                throws IOException {
            metrics = new EdgeMetrics();
            if (config.externalRegistry() == null) {
                platform = LocalPlatform.start(new LocalPlatform.Config(config.externalBootstrap(), config.kafkaDir(),
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
            // before the pipeline: a folder whose PostgreSQL is in use fails start-up in seconds, not after the streams start
            database = EdgeDatabase.serve(vertx, databaseOptions, config.home());
            TenancyService tenancy = new TenancyService(database.pool);
            JobStore jobs = new JobStore(database.pool);
            Webhooks webhooks = new Webhooks(vertx, database.pool, webhookConfig);
            developmentKey = databaseOptions.dbUrl() == null ? developmentKey(tenancy) : null;
            Pipeline.Config pipelineConfig = new Pipeline.Config(bootstrapServers, registryUrl, config.home(),
                    config.provider().create(environment), "local", BuildInfo.VERSION, config.threads(),
                    Duration.ofHours(24));
            pipeline = Pipeline.start(pipelineConfig);
            pipeline.bindMetrics(metrics);
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
            SchemaRegistryClient registryClient = new SchemaRegistryClient(registryUrl, Duration.ofSeconds(2));
            SchemaRegistryClient edgeRegistry = new SchemaRegistryClient(registryUrl);
            view = new AnalysisView(new StreamsSettings(AnalysisView.APPLICATION_ID, bootstrapServers, registryUrl,
                    config.home().resolve("state").resolve("local").resolve(AnalysisView.APPLICATION_ID), 1),
                    edgeRegistry, config.httpPort() == 0 ? null : config.host() + ":" + config.httpPort())
                    .followJobs(jobs).onOutcome(webhooks).bindMetrics(metrics).start();
            submitter = new AnalysisSubmitter(bootstrapServers, edgeRegistry, Duration.ofSeconds(10));
            deadLetters = new DeadLetterPublisher(vertx, bootstrapServers, edgeRegistry, Duration.ofSeconds(10));
            dispatcher = new WebhookDispatcher(vertx, webhooks, deadLetters).start();
            IdempotencyKeys idempotency = new IdempotencyKeys(vertx, database.pool, idempotencyConfig);
            idempotencySweeper = IdempotencySweeper.start(vertx, idempotency);
            lostSubmissions = LostSubmissionSweeper.start(vertx, jobs, webhooks, LostSubmissionSweeper.DEFAULT_AFTER,
                    LostSubmissionSweeper.DEFAULT_INTERVAL);
            BatchStore batches = new BatchStore(database.pool, webhooks);
            batchScheduler = new BatchScheduler(vertx, batches, jobs, submitter, webhooks, BatchConfig.defaults()).start();
            edge = new HttpEdge(vertx, List.of(
                    check("kafka", () -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes().get(2, TimeUnit.SECONDS)),
                    check("schema_registry", registryClient::globalCompatibility),
                    check("postgres", () -> database.pool.query("SELECT 1").execute()
                            .toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS)),
                    check("pipeline", () -> {
                        for (KafkaStreams.State state : pipeline.states()) {
                            if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
                                throw new IllegalStateException("a stream service is " + state);
                            }
                        }
                    }),
                    check("edge_view", () -> {
                        KafkaStreams.State state = view.state();
                        if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
                            throw new IllegalStateException("the edge's status view is " + state);
                        }
                    })),
                    readRoutes(new V1Api(vertx, view, submitter, new V1Api.Config(syncWait), tenancy, jobs, webhooks,
                            idempotency), vertx, pipelineConfig)
                            .withBatches(new BatchApi(batches, batchScheduler, webhooks, idempotency, BatchConfig.defaults())),
                    metrics)
                    .start(config.host(), config.httpPort());
        }

        /** The read side beside the analysis API: artifacts and archived results, metadata, schemas. */
        static V1Api readRoutes(V1Api api, Vertx vertx, Pipeline.Config pipeline) throws IOException {
            AnalysisObjects objects = new AnalysisObjects(new LocalObjectStore(pipeline.objects()));
            return api.archive(objects).with(new ArtifactRoutes(vertx, objects))
                    .with(new MetadataRoutes(vertx, new ParquetLake(pipeline.lake())))
                    .with(new SchemaRoutes(ApiSchemas.load()));
        }

        /** The embedded default's development tenant: created with a key on first start; the key, or null when it existed. */
        private static String developmentKey(TenancyService tenancy) {
            if (EdgeDatabase.await(tenancy.findTenant(DEVELOPMENT_TENANT)).isPresent()) {
                return null;
            }
            Tenant tenant = EdgeDatabase.await(tenancy.createTenant(DEVELOPMENT_TENANT, Plan.PRO, null));
            return EdgeDatabase.await(tenancy.createKey(tenant.id(), EnumSet.allOf(Scope.class))).key();
        }

        static Services start(ServeConfig config, EdgeDatabase.ServeOptions database, Map<String, String> environment,
                              Duration syncWait, WebhookConfig webhookConfig, IdempotencyConfig idempotency)
                throws IOException {
            return new Services(config, database, environment, syncWait, webhookConfig, idempotency);
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
            idempotencySweeper.close();
            lostSubmissions.close();
            batchScheduler.close();
            view.close();
            dispatcher.close();
            deadLetters.close();
            submitter.close();
            database.close();
            pipeline.close();
            admin.close(Duration.ofSeconds(5));
            if (platform != null) {
                platform.close();
            } else {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
            metrics.close();
        }
    }
}
