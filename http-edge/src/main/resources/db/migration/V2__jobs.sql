-- One row per admitted analysis. Quota admission counts these rows (today's, and those still queued or running)
-- under a lock on the tenant row; the rows follow the status topic so a job's state outlives the result store.
CREATE TABLE jobs (
    analysis_id  text PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    status       text NOT NULL CHECK (status IN ('queued', 'running', 'complete', 'failed')),
    progress_pct integer NOT NULL DEFAULT 0 CHECK (progress_pct BETWEEN 0 AND 100),
    reason       text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX jobs_tenant_created ON jobs (tenant_id, created_at);
-- partial index: the concurrency count reads only the few unfinished jobs of a tenant
CREATE INDEX jobs_tenant_active ON jobs (tenant_id) WHERE status IN ('queued', 'running');
