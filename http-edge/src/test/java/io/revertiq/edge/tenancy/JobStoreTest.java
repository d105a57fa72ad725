package io.revertiq.edge.tenancy;

import static io.revertiq.edge.db.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.edge.db.TestDatabase;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Quota admission on a real PostgreSQL, including races for the last slot. */
class JobStoreTest {
    private static final LocalDate START = LocalDate.of(2024, 1, 2);
    private static final LocalDate END = LocalDate.of(2025, 12, 31);
    private static final AtomicInteger IDS = new AtomicInteger();
    private static TestDatabase db;
    private static TenancyService tenancy;
    private static JobStore jobs;

    @BeforeAll
    static void start() {
        db = TestDatabase.migrated();
        tenancy = new TenancyService(db.pool);
        jobs = new JobStore(db.pool);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static Tenant tenant(Plan plan, Limits limits) {
        return await(tenancy.createTenant("t" + IDS.incrementAndGet(), plan, limits));
    }

    private static Admission admit(Tenant tenant) {
        return await(jobs.admit(tenant.id(), "an_" + IDS.incrementAndGet(), START, END));
    }

    @Test
    void starterRefusesASecondConcurrentJobUntilTheFirstFinishes() {
        Tenant tenant = tenant(Plan.STARTER, null);
        Admission.Admitted first = assertInstanceOf(Admission.Admitted.class, admit(tenant));
        assertEquals(JobStatus.QUEUED, first.job().status());
        Admission.Refused second = assertInstanceOf(Admission.Refused.class, admit(tenant));
        assertEquals(Admission.Reason.CONCURRENCY, second.reason());
        assertEquals(1, second.limit());

        assertTrue(await(jobs.updateStatus(first.job().analysisId(), JobStatus.RUNNING, 40, null)));
        assertInstanceOf(Admission.Refused.class, admit(tenant), "running still holds the slot");
        assertTrue(await(jobs.updateStatus(first.job().analysisId(), JobStatus.COMPLETE, 100, null)));
        assertInstanceOf(Admission.Admitted.class, admit(tenant));
    }

    @Test
    void starterRefusesThe201stJobOfTheDay() {
        Tenant tenant = tenant(Plan.STARTER, null);
        for (int i = 0; i < 200; i++) {
            Admission.Admitted admitted = assertInstanceOf(Admission.Admitted.class, admit(tenant), "job " + (i + 1));
            await(jobs.updateStatus(admitted.job().analysisId(), i % 2 == 0 ? JobStatus.COMPLETE : JobStatus.FAILED, 100, null));
        }
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, admit(tenant));
        assertEquals(Admission.Reason.DAILY_QUOTA, refused.reason());
        assertEquals(200, refused.limit());
        assertEquals(LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), refused.resetAt());
        assertInstanceOf(Admission.Admitted.class, admit(tenant(Plan.STARTER, null)), "other tenants are not affected");
    }

    @Test
    void concurrentRequestsForTheLastConcurrentSlotAdmitExactlyOne() {
        Tenant tenant = tenant(Plan.PRO, null);
        for (int i = 0; i < 4; i++) {
            assertInstanceOf(Admission.Admitted.class, admit(tenant));
        }
        assertEquals(1, race(tenant, 12, Admission.Reason.CONCURRENCY));
    }

    @Test
    void concurrentRequestsForTheLastDailySlotAdmitExactlyOne() {
        Tenant tenant = tenant(Plan.ENTERPRISE, new Limits(3, 20, 5, 100));
        assertInstanceOf(Admission.Admitted.class, admit(tenant));
        assertInstanceOf(Admission.Admitted.class, admit(tenant));
        assertEquals(1, race(tenant, 12, Admission.Reason.DAILY_QUOTA));
    }

    /** Sends {@code n} admissions at once over separate connections; returns how many were admitted. */
    private static int race(Tenant tenant, int n, Admission.Reason expectedRefusal) {
        List<Future<Admission>> attempts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            attempts.add(jobs.admit(tenant.id(), "race_" + IDS.incrementAndGet(), START, END));
        }
        await(Future.all(attempts));
        int admitted = 0;
        for (Future<Admission> attempt : attempts) {
            if (attempt.result() instanceof Admission.Refused refused) {
                assertEquals(expectedRefusal, refused.reason());
            } else {
                admitted++;
            }
        }
        return admitted;
    }

    @Test
    void aHorizonLongerThanThePlanIsRefused() {
        Tenant tenant = tenant(Plan.STARTER, null);
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class,
                await(jobs.admit(tenant.id(), "long", LocalDate.of(2020, 1, 2), LocalDate.of(2023, 1, 2))));
        assertEquals(Admission.Reason.HORIZON, refused.reason());
        assertEquals(2, refused.limit());
        assertInstanceOf(Admission.Admitted.class,
                await(jobs.admit(tenant.id(), "exactly-two", LocalDate.of(2021, 1, 2), LocalDate.of(2023, 1, 2))));
    }

    @Test
    void statusUpdatesFollowThePipelineAndNeverReopenAFinishedJob() {
        Tenant tenant = tenant(Plan.PRO, null);
        String id = assertInstanceOf(Admission.Admitted.class, admit(tenant)).job().analysisId();
        assertTrue(await(jobs.updateStatus(id, JobStatus.RUNNING, 35, null)));
        Job running = await(jobs.find(id)).orElseThrow();
        assertEquals(JobStatus.RUNNING, running.status());
        assertEquals(35, running.progressPct());
        assertEquals(tenant.id(), running.tenantId());
        assertTrue(await(jobs.updateStatus(id, JobStatus.FAILED, 35, "provider timed out")));
        assertFalse(await(jobs.updateStatus(id, JobStatus.RUNNING, 50, null)), "a late event does not reopen the job");
        Job failed = await(jobs.find(id)).orElseThrow();
        assertEquals(JobStatus.FAILED, failed.status());
        assertEquals("provider timed out", failed.reason());
        assertTrue(await(jobs.find("nope")).isEmpty());
    }

    @Test
    void anAnalysisIdIsAdmittedOnceAndTenantsMustExist() {
        Tenant tenant = tenant(Plan.PRO, null);
        await(jobs.admit(tenant.id(), "dup", START, END));
        assertEquals("ALREADY_EXISTS", assertThrows(TenancyException.class,
                () -> await(jobs.admit(tenant.id(), "dup", START, END))).code());
        assertEquals("NOT_FOUND", assertThrows(TenancyException.class,
                () -> await(jobs.admit(UUID.randomUUID(), "orphan", START, END))).code());
    }
}
