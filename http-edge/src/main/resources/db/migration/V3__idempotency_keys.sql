-- Idempotency-Key records of POSTs: same key + same body (request_hash) replays the stored response; a different
-- body is refused. Rows expire; readers ignore expired rows and a sweeper may delete them.
CREATE TABLE idempotency_keys (
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    key             text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash    char(64) NOT NULL,
    analysis_id     text,
    response_status integer,
    response_body   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, key)
);

CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
