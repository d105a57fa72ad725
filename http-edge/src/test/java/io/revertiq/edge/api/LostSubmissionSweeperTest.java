package io.revertiq.edge.api;

import static io.revertiq.edge.db.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.edge.db.TestDatabase;
import io.revertiq.edge.tenancy.Admission;
import io.revertiq.edge.tenancy.Job;
import io.revertiq.edge.tenancy.JobStatus;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.tenancy.Tenant;
import io.revertiq.edge.webhooks.WebhookConfig;
import io.revertiq.edge.webhooks.Webhooks;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jobs lost between admission and Kafka, on a real PostgreSQL: failed once, with their webhook event, and only they. */
class LostSubmissionSweeperTest {
    private static TestDatabase db;
    private static JobStore jobs;
    private static Webhooks webhooks;
    private static LostSubmissionSweeper sweeper;
    private static Tenant tenant;

    @BeforeAll
    static void start() {
        db = TestDatabase.migrated();
        jobs = new JobStore(db.pool);
        webhooks = new Webhooks(db.vertx, db.pool, WebhookConfig.defaults());
        tenant = await(new TenancyService(db.pool).createTenant("sweep", Plan.PRO, null));
        // a timer that never fires during the test: the test calls sweep() itself
        sweeper = LostSubmissionSweeper.start(db.vertx, jobs, webhooks, Duration.ofMinutes(10), Duration.ofDays(1));
    }

    @AfterAll
    static void stop() {
        sweeper.close();
        db.close();
    }

    private static String admitted() {
        String id = AnalysisSubmitter.newAnalysisId();
        assertInstanceOf(Admission.Admitted.class,
                await(jobs.admit(tenant.id(), id, LocalDate.of(2024, 1, 2), LocalDate.of(2024, 6, 28))));
        return id;
    }

    /** Moves the job's last change {@code minutes} into the past, as if that much time had gone by. */
    private static void age(String id, int minutes) {
        await(db.pool.preparedQuery("UPDATE jobs SET created_at = created_at - make_interval(mins => $2), "
                + "updated_at = updated_at - make_interval(mins => $2) WHERE analysis_id = $1")
                .execute(Tuple.of(id, minutes)));
    }

    private static Job job(String id) {
        return await(jobs.find(id)).orElseThrow();
    }

    private static long active() {
        return await(JobStore.usage(db.pool, tenant.id())).active();
    }

    @Test
    void failsOnlyQueuedJobsNoStatusWasHeardForSinceTheWait() {
        String lost = admitted();
        await(webhooks.subscribe(lost, URI.create("https://hooks.example.com/revertiq")));
        String heard = admitted();
        assertTrue(await(jobs.updateStatus(heard, JobStatus.QUEUED, 0, null)));
        String running = admitted();
        await(jobs.updateStatus(running, JobStatus.RUNNING, 40, null));
        String recent = admitted();
        for (String id : List.of(lost, heard, running)) {
            age(id, 11);
        }
        age(recent, 9);
        long before = active();

        assertEquals(List.of(lost), await(sweeper.sweep()));

        Job failed = job(lost);
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals(LostSubmissionSweeper.REASON, failed.reason());
        assertEquals(before - 1, active(), "the lost job's concurrency slot is free again");
        assertEquals(JobStatus.QUEUED, job(heard).status(), "the pipeline's queued status was recorded");
        assertEquals(JobStatus.RUNNING, job(running).status());
        assertEquals(JobStatus.QUEUED, job(recent).status(), "inside the wait");
        JsonObject delivery = await(webhooks.log(lost)).getJsonArray("deliveries").getJsonObject(0);
        assertEquals("analysis.failed", delivery.getString("event_type"));
        assertEquals(List.of(), await(sweeper.sweep()), "a job is failed once");
        assertFalse(await(jobs.updateStatus(lost, JobStatus.RUNNING, 10, null)), "a late status does not reopen it");
    }
}
