-- When a status of the job was first recorded after its admission: by the edge's view (the pipeline's status events,
-- the first being the 'queued' the submitter publishes with the request) or by the edge itself (a refused submit).
-- A job still 'queued' with none long after its admission or promotion was lost before Kafka took its request (its
-- edge instance stopped in between) and would hold a concurrency slot for good: LostSubmissionSweeper fails it.
ALTER TABLE jobs ADD COLUMN status_heard_at timestamptz;
-- jobs written before the column existed count as heard: only jobs admitted from now on are judged
UPDATE jobs SET status_heard_at = updated_at WHERE status <> 'waiting';
CREATE INDEX jobs_queued_unheard ON jobs (updated_at) WHERE status = 'queued' AND status_heard_at IS NULL;
