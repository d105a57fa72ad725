package io.revertiq.edge.batch;

import static io.revertiq.edge.db.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.edge.api.AnalysisSubmitter;
import io.revertiq.edge.db.TestDatabase;
import io.revertiq.edge.tenancy.Job;
import io.revertiq.edge.tenancy.JobStatus;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.tenancy.Limits;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.tenancy.Tenant;
import io.revertiq.edge.webhooks.WebhookConfig;
import io.revertiq.edge.webhooks.Webhooks;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Promotion of waiting batch items on real PostgreSQL, with two instances (two pools, two schedulers, each submitting
 * to the real broker) racing for the same tenant's slots.
 */
@ExtendWith(KafkaPlatformExtension.class)
class BatchSchedulerTest {
    private static TestDatabase db;
    private static AnalysisSubmitter submitter;
    private static TenancyService tenancy;
    private static JobStore jobs;

    private static TestPlatform platform;

    @BeforeAll
    static void start(TestPlatform testPlatform) {
        platform = testPlatform;
        db = TestDatabase.migrated();
        tenancy = new TenancyService(db.pool);
        jobs = new JobStore(db.pool);
        submitter = new AnalysisSubmitter(testPlatform.bootstrapServers(), testPlatform.registry(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        submitter.close();
        db.close();
    }

    private static List<AnalysisParams> requests(int n) {
        List<AnalysisParams> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(RequestParser.parse("{\"ticker\":\"SCH" + i + "\",\"horizon\":{\"start\":\"2024-01-02\","
                    + "\"end\":\"2024-02-28\"}}"));
        }
        return requests;
    }

    private static Webhooks webhooks(Pool pool) {
        return new Webhooks(db.vertx, pool, WebhookConfig.defaults());
    }

    private static BatchStore store(Pool pool) {
        return new BatchStore(pool, webhooks(pool));
    }

    private static List<String> jobsIn(UUID tenantId, String statuses) {
        List<String> ids = new ArrayList<>();
        for (Row row : await(db.pool.preparedQuery("SELECT analysis_id FROM jobs WHERE tenant_id = $1 AND status = ANY($2) "
                + "ORDER BY analysis_id").execute(Tuple.of(tenantId, (Object) statuses.split(","))))) {
            ids.add(row.getString(0));
        }
        return ids;
    }

    @Test
    void admissionFillsTheFreeSlotsAndOlderBatchesGoFirst() {
        Tenant tenant = await(tenancy.createTenant("sched-order", Plan.ENTERPRISE, new Limits(100, 2, 5, 6000)));
        BatchStore store = store(db.pool);
        BatchAdmission.Admitted first = assertInstanceOf(BatchAdmission.Admitted.class,
                await(store.admit(tenant.id(), BatchStore.newBatchId(), null, null, requests(3))));
        assertEquals(first.analysisIds().subList(0, 2), first.promoted().stream().map(Promotion::analysisId).sorted(
                (a, b) -> first.analysisIds().indexOf(a) - first.analysisIds().indexOf(b)).toList());
        // the promoted item carries its canonical request, which parses back to it
        assertEquals("SCH0", RequestParser.parse(first.promoted().stream()
                .filter(p -> p.analysisId().equals(first.analysisIds().get(0))).findFirst().orElseThrow().requestJson()).ticker());

        BatchAdmission.Admitted second = assertInstanceOf(BatchAdmission.Admitted.class,
                await(store.admit(tenant.id(), BatchStore.newBatchId(), null, null, requests(2))));
        assertTrue(second.promoted().isEmpty(), "no slot is free");
        assertEquals(List.of(), await(store.promote(tenant.id())));

        await(jobs.updateStatus(first.analysisIds().get(0), JobStatus.COMPLETE, 100, null));
        List<Promotion> next = await(store.promote(tenant.id()));
        assertEquals(List.of(first.analysisIds().get(2)), next.stream().map(Promotion::analysisId).toList(),
                "the first batch's waiting item before the second batch's");
        await(jobs.updateStatus(first.analysisIds().get(1), JobStatus.FAILED, 0, "no bars"));
        assertEquals(List.of(second.analysisIds().get(0)), await(store.promote(tenant.id())).stream()
                .map(Promotion::analysisId).toList());
    }

    @Test
    void twoSchedulersOnTwoPoolsNeverAdmitMoreThanThePlanAllows() throws Exception {
        int maxConcurrent = 2;
        Tenant tenant = await(tenancy.createTenant("sched-race", Plan.ENTERPRISE, new Limits(100, maxConcurrent, 5, 6000)));
        Pool otherInstance = db.newPool(4);
        BatchConfig fast = new BatchConfig(100, Duration.ofMillis(1));
        BatchStore storeA = store(db.pool);
        BatchStore storeB = store(otherInstance);
        Set<String> all = new HashSet<>();
        for (int b = 0; b < 3; b++) {
            BatchAdmission.Admitted admitted = assertInstanceOf(BatchAdmission.Admitted.class,
                    await((b % 2 == 0 ? storeA : storeB).admit(tenant.id(), BatchStore.newBatchId(), null, null, requests(6))));
            all.addAll(admitted.analysisIds());
            await(new BatchScheduler(db.vertx, storeA, jobs, submitter, webhooks(db.pool), fast).submit(admitted.promoted()));
        }
        try (BatchScheduler a = new BatchScheduler(db.vertx, storeA, jobs, submitter, webhooks(db.pool), fast).start();
             BatchScheduler b = new BatchScheduler(db.vertx, storeB, new JobStore(otherInstance), submitter,
                     webhooks(otherInstance), fast).start()) {
            Set<String> ended = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ended.size() < all.size() && System.nanoTime() < deadline) {
                // besides the two loops, direct promotions from both instances at once
                List<Future<List<Promotion>>> racing = List.of(storeA.promote(tenant.id()), storeB.promote(tenant.id()),
                        storeA.promote(tenant.id()), storeB.promote(tenant.id()));
                racing.forEach(TestDatabase::await);
                List<String> active = jobsIn(tenant.id(), "queued,running");
                // only this loop ends jobs, so an over-admission would still be visible here
                assertTrue(active.size() <= maxConcurrent, "active: " + active);
                for (String id : active) {
                    await(jobs.updateStatus(id, JobStatus.COMPLETE, 100, null));
                    ended.add(id);
                }
            }
            assertEquals(all, ended, "every item ran");
            assertEquals(List.of(), jobsIn(tenant.id(), "waiting,queued,running"));
        } finally {
            await(otherInstance.close());
        }
    }

    @Test
    void anItemKafkaDoesNotTakeFailsItsJobFreesItsSlotAndRecordsItsFailedEvent() {
        Tenant tenant = await(tenancy.createTenant("sched-cutoff", Plan.ENTERPRISE, new Limits(100, 1, 5, 6000)));
        BatchStore store = store(db.pool);
        BatchAdmission.Admitted admitted = assertInstanceOf(BatchAdmission.Admitted.class, await(store.admit(tenant.id(),
                BatchStore.newBatchId(), null, URI.create("https://hooks.example.com/batch"), requests(2))));
        String first = admitted.analysisIds().get(0);
        try (AnalysisSubmitter unreachable = new AnalysisSubmitter("localhost:1", platform.registry(), Duration.ofMillis(300))) {
            BatchScheduler cutOff = new BatchScheduler(db.vertx, store, jobs, unreachable, webhooks(db.pool),
                    BatchConfig.defaults());
            await(cutOff.submit(admitted.promoted()));
        }
        Job failed = await(jobs.find(first)).orElseThrow();
        assertEquals(JobStatus.FAILED, failed.status());
        assertTrue(failed.reason().startsWith("the request could not be queued"), failed.reason());
        Row delivery = await(db.pool.preparedQuery("SELECT event_type, url, payload FROM webhook_deliveries "
                + "WHERE analysis_id = $1").execute(Tuple.of(first))).iterator().next();
        assertEquals("analysis.failed", delivery.getString("event_type"));
        assertEquals("https://hooks.example.com/batch", delivery.getString("url"));
        JsonObject data = new JsonObject(delivery.getString("payload")).getJsonObject("data");
        assertEquals("submit", data.getString("stage"));
        assertEquals(failed.reason(), data.getString("reason"));
        // the slot is free again: the second item is next
        assertEquals(List.of(admitted.analysisIds().get(1)), await(store.promote(tenant.id())).stream()
                .map(Promotion::analysisId).toList());
    }
}
