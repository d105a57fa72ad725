package io.revertiq.edge.api;

import io.revertiq.edge.webhooks.WebhookConfig;
import io.revertiq.edge.webhooks.Webhooks;
import static io.revertiq.edge.db.TestDatabase.await;

import io.revertiq.analysis.stream.StreamsSettings;
import io.revertiq.edge.HttpEdge;
import io.revertiq.edge.batch.BatchConfig;
import io.revertiq.edge.batch.BatchScheduler;
import io.revertiq.edge.batch.BatchStore;
import io.revertiq.edge.db.TestDatabase;
import io.revertiq.edge.idempotency.IdempotencyConfig;
import io.revertiq.edge.idempotency.IdempotencyKeys;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.tenancy.Limits;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.Scope;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.tenancy.Tenant;
import io.revertiq.testkit.TestPlatform;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The /v1 edge as serve runs it, without the pipeline: {@link V1Api} with its own {@link AnalysisView} and
 * {@link AnalysisSubmitter} on the test broker, tenants, jobs and idempotency records in a fresh database of the
 * test PostgreSQL, reached over real HTTP. Submitted analyses stay queued (nothing processes them).
 */
final class TestEdge implements AutoCloseable {
    final TestDatabase db;
    final TenancyService tenancy;
    final JobStore jobs;
    final AnalysisView view;
    final AnalysisSubmitter submitter;
    private final List<HttpEdge> edges = new ArrayList<>();
    private final List<BatchScheduler> schedulers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestEdge(TestPlatform platform, String applicationId) throws Exception {
        db = TestDatabase.migrated();
        tenancy = new TenancyService(db.pool);
        jobs = new JobStore(db.pool);
        Path state = Files.createTempDirectory(applicationId);
        view = new AnalysisView(new StreamsSettings(applicationId, platform.bootstrapServers(), platform.registryUrl(),
                state, 1), platform.registry(), null).followJobs(jobs).start();
        submitter = new AnalysisSubmitter(platform.bootstrapServers(), platform.registry(), Duration.ofSeconds(10));
        view.awaitRunning(Duration.ofSeconds(90));
    }

    /** @param applicationId the view's Streams application id, one per test class (they share the broker) */
    static TestEdge start(TestPlatform platform, String applicationId) throws Exception {
        return new TestEdge(platform, applicationId);
    }

    /** A new edge (its own port) over this fixture's view, submitter and database. */
    HttpEdge edge(Duration syncWait, IdempotencyConfig idempotency) {
        HttpEdge edge = new HttpEdge(db.vertx, List.of(), new V1Api(db.vertx, view, submitter, new V1Api.Config(syncWait),
                tenancy, jobs, new Webhooks(db.vertx, db.pool, WebhookConfig.defaults()), new IdempotencyKeys(db.vertx, db.pool, idempotency))).start("localhost", 0);
        edges.add(edge);
        return edge;
    }

    /**
     * A new edge with the batch routes and its own running {@link BatchScheduler} (closed with the fixture), whose
     * submits the view of this fixture sees.
     */
    HttpEdge batchEdge(BatchConfig config, IdempotencyConfig idempotency) {
        Webhooks webhooks = new Webhooks(db.vertx, db.pool, WebhookConfig.defaults());
        BatchStore store = new BatchStore(db.pool, webhooks);
        BatchScheduler scheduler = new BatchScheduler(db.vertx, store, jobs, submitter, webhooks, config).start();
        schedulers.add(scheduler);
        IdempotencyKeys keys = new IdempotencyKeys(db.vertx, db.pool, idempotency);
        HttpEdge edge = new HttpEdge(db.vertx, List.of(), new V1Api(db.vertx, view, submitter, new V1Api.Config(
                Duration.ofSeconds(1)), tenancy, jobs, webhooks, keys)
                .withBatches(new BatchApi(store, scheduler, webhooks, keys, config))).start("localhost", 0);
        edges.add(edge);
        return edge;
    }

    /** A new tenant: its id and a key with every scope, as the Authorization header's value. */
    record Caller(UUID tenantId, String bearer) {
    }

    Caller caller(String tenantName, Plan plan, Limits limits) {
        Tenant tenant = await(tenancy.createTenant(tenantName, plan, limits));
        return new Caller(tenant.id(), "Bearer " + await(tenancy.createKey(tenant.id(), EnumSet.allOf(Scope.class))).key());
    }

    long jobCount(UUID tenantId) {
        return await(db.pool.preparedQuery("SELECT count(*) FROM jobs WHERE tenant_id = $1").execute(Tuple.of(tenantId)))
                .iterator().next().getLong(0);
    }

    HttpRequest.Builder request(HttpEdge edge, String method, String path, String contentType, String body,
                                Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + edge.port() + path))
                .timeout(Duration.ofMinutes(1))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return request;
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        edges.forEach(HttpEdge::close);
        schedulers.forEach(BatchScheduler::close);
        view.close();
        submitter.close();
        db.close();
    }
}
