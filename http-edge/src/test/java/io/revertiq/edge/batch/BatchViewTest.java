package io.revertiq.edge.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.revertiq.edge.tenancy.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchViewTest {
    private static final Instant CREATED = Instant.parse("2025-01-06T14:00:00Z");

    private static BatchView batch(JobStatus... statuses) {
        List<BatchView.Item> items = new ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            items.add(new BatchView.Item(i, "an_" + i, statuses[i], statuses[i] == JobStatus.RUNNING ? 50 : 0, null,
                    CREATED.plusSeconds(i)));
        }
        return new BatchView("bt_x", null, null, CREATED, items);
    }

    @Test
    void theStatusIsQueuedUntilAnItemStartsThenRunningUntilAllEnded() {
        assertEquals("queued", batch(JobStatus.WAITING, JobStatus.QUEUED).status());
        assertEquals("running", batch(JobStatus.WAITING, JobStatus.RUNNING).status());
        assertEquals("running", batch(JobStatus.COMPLETE, JobStatus.WAITING).status());
        assertEquals("running", batch(JobStatus.FAILED, JobStatus.QUEUED).status());
        assertEquals("complete", batch(JobStatus.COMPLETE, JobStatus.COMPLETE).status());
        assertEquals("failed", batch(JobStatus.FAILED, JobStatus.FAILED).status());
        assertEquals("partial_failure", batch(JobStatus.COMPLETE, JobStatus.FAILED).status());
    }

    @Test
    void progressCountsEndedItemsAsDoneAndRunningOnesByTheirProgress() {
        assertEquals(0.0, batch(JobStatus.WAITING, JobStatus.QUEUED).progressPct());
        assertEquals(50.0, batch(JobStatus.COMPLETE, JobStatus.WAITING).progressPct());
        assertEquals(83.3, batch(JobStatus.COMPLETE, JobStatus.FAILED, JobStatus.RUNNING).progressPct());
        assertEquals(CREATED.plusSeconds(2), batch(JobStatus.COMPLETE, JobStatus.FAILED, JobStatus.RUNNING).updatedAt());
    }
}
