-- Webhooks. A tenant's signing secret must be readable to sign with (unlike API keys, which are only compared), so it
-- is stored as is; after a rotation the previous secret still signs until previous_expires_at, so receivers can
-- switch without rejecting deliveries in between.
CREATE TABLE webhook_secrets (
    tenant_id           uuid PRIMARY KEY REFERENCES tenants (id),
    secret              text NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    previous_secret     text,
    previous_expires_at timestamptz
);

-- The URL a POST asked to be called at when its analysis ends; one per analysis, kept apart from the request so it
-- never enters the request fingerprint.
CREATE TABLE webhook_subscriptions (
    analysis_id text PRIMARY KEY REFERENCES jobs (analysis_id),
    url         text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- The outbox: one row per (analysis, event type), so a replayed topic cannot deliver an event twice. The payload is
-- frozen when the event is recorded, so every attempt sends the same bytes. Dispatchers claim due rows with
-- FOR UPDATE SKIP LOCKED and push next_attempt_at past the request timeout while they call (a lease: a dispatcher
-- that dies mid-call leaves the row to be claimed again later).
CREATE TABLE webhook_deliveries (
    id               text PRIMARY KEY,
    event_id         text NOT NULL UNIQUE,
    event_type       text NOT NULL CHECK (event_type IN ('analysis.complete', 'analysis.failed')),
    analysis_id      text NOT NULL REFERENCES webhook_subscriptions (analysis_id),
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    url              text NOT NULL,
    payload          text NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead')),
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    dead_at          timestamptz,
    dead_lettered_at timestamptz,
    UNIQUE (analysis_id, event_type),
    CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
-- dead deliveries still to be written to the dead-letter topic
CREATE INDEX webhook_deliveries_dead_letter_due ON webhook_deliveries (dead_at)
    WHERE status = 'dead' AND dead_lettered_at IS NULL;

-- Every attempt: when, how long, the HTTP status or the error, and the backoff chosen after a failure.
CREATE TABLE webhook_attempts (
    delivery_id     text NOT NULL REFERENCES webhook_deliveries (id),
    attempt         integer NOT NULL CHECK (attempt >= 1),
    attempted_at    timestamptz NOT NULL,
    duration_ms     integer NOT NULL CHECK (duration_ms >= 0),
    http_status     integer,
    error           text,
    backoff_ms      bigint,
    next_attempt_at timestamptz,
    PRIMARY KEY (delivery_id, attempt),
    CHECK (http_status IS NOT NULL OR error IS NOT NULL)
);
