-- Batches. POST /v1/batch/analyze admits all its analyses in one transaction: a job row each (so the daily quota
-- counts them at once) and an item row with the parsed request. Items beyond the tenant's free concurrent slots are
-- jobs in the new status 'waiting' (not counted as concurrent) until a scheduler promotes them to 'queued' under the
-- tenant row lock and submits their request.
ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check
    CHECK (status IN ('waiting', 'queued', 'running', 'complete', 'failed'));

-- the scheduler's work list: tenants with waiting jobs, oldest first
CREATE INDEX jobs_tenant_waiting ON jobs (tenant_id, created_at) WHERE status = 'waiting';

CREATE TABLE batches (
    id          text PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    name        text CHECK (length(name) BETWEEN 1 AND 200),
    webhook_url text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX batches_tenant ON batches (tenant_id);

-- request: the item's canonical request JSON (RequestParser.canonicalJson), what the scheduler submits
CREATE TABLE batch_items (
    batch_id    text NOT NULL REFERENCES batches (id),
    idx         integer NOT NULL CHECK (idx >= 0),
    analysis_id text NOT NULL UNIQUE REFERENCES jobs (analysis_id),
    request     text NOT NULL,
    PRIMARY KEY (batch_id, idx)
);
