-- Plans carry the default limits; a tenant copies them when it is created, so changing a plan's seed later
-- never silently changes what an existing customer was sold, and Enterprise tenants can be given their own.
CREATE TABLE plans (
    name                text PRIMARY KEY CHECK (name IN ('starter', 'pro', 'enterprise')),
    analyses_per_day    integer NOT NULL CHECK (analyses_per_day > 0),
    max_concurrent      integer NOT NULL CHECK (max_concurrent > 0),
    max_horizon_years   integer NOT NULL CHECK (max_horizon_years > 0),
    requests_per_minute integer NOT NULL CHECK (requests_per_minute > 0)
);

INSERT INTO plans (name, analyses_per_day, max_concurrent, max_horizon_years, requests_per_minute) VALUES
    ('starter',      200,  1,  2,   60),
    ('pro',         2000,  5,  5,  600),
    ('enterprise', 20000, 20, 20, 6000);

CREATE TABLE tenants (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name                text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    plan                text NOT NULL REFERENCES plans (name),
    analyses_per_day    integer NOT NULL CHECK (analyses_per_day > 0),
    max_concurrent      integer NOT NULL CHECK (max_concurrent > 0),
    max_horizon_years   integer NOT NULL CHECK (max_horizon_years > 0),
    requests_per_minute integer NOT NULL CHECK (requests_per_minute > 0),
    created_at          timestamptz NOT NULL DEFAULT now()
);

-- Only the SHA-256 of a key is stored: a leaked table does not leak keys. Keys are 190 random bits, so an
-- unsalted fast hash is enough (no dictionary to attack) and lets authentication look the key up by index.
CREATE TABLE api_keys (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    key_hash   char(64) NOT NULL UNIQUE,
    prefix     text NOT NULL,
    scopes     text[] NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE INDEX api_keys_tenant ON api_keys (tenant_id);
