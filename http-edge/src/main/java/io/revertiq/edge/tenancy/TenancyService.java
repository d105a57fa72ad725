package io.revertiq.edge.tenancy;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Tenants and API keys in Postgres: create, issue and revoke keys, and turn a presented key into a {@link Principal}. */
public final class TenancyService {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String TENANT_COLUMNS =
            "t.id, t.name, t.plan, t.analyses_per_day, t.max_concurrent, t.max_horizon_years, t.requests_per_minute, t.created_at";

    private final Pool pool;

    public TenancyService(Pool pool) {
        this.pool = pool;
    }

    /**
     * Creates a tenant with its plan's seeded limits. {@code enterpriseLimits} replaces them and is only accepted
     * for {@link Plan#ENTERPRISE} (the configurable plan); pass null to take the seed.
     */
    public Future<Tenant> createTenant(String name, Plan plan, Limits enterpriseLimits) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            return Future.failedFuture(new TenancyException("INVALID_ARGUMENT",
                    "a tenant name is 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit; got '" + name + "'"));
        }
        if (enterpriseLimits != null && plan != Plan.ENTERPRISE) {
            return Future.failedFuture(new TenancyException("INVALID_ARGUMENT",
                    "only the enterprise plan takes custom limits; " + plan.id() + " has the seeded ones"));
        }
        Limits custom = enterpriseLimits;
        Tuple args = Tuple.of(name, plan.id(),
                custom == null ? null : custom.analysesPerDay(), custom == null ? null : custom.maxConcurrent(),
                custom == null ? null : custom.maxHorizonYears(), custom == null ? null : custom.requestsPerMinute());
        return pool.preparedQuery("INSERT INTO tenants AS t (name, plan, analyses_per_day, max_concurrent, "
                        + "max_horizon_years, requests_per_minute) "
                        + "SELECT $1, p.name, coalesce($3, p.analyses_per_day), coalesce($4, p.max_concurrent), "
                        + "coalesce($5, p.max_horizon_years), coalesce($6, p.requests_per_minute) "
                        + "FROM plans p WHERE p.name = $2 RETURNING " + TENANT_COLUMNS)
                .execute(args)
                .recover(e -> Future.failedFuture(e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                        ? new TenancyException("ALREADY_EXISTS", "a tenant named '" + name + "' exists") : e))
                .map(rows -> tenant(rows.iterator().next()));
    }

    /** The tenant with this name, or with this id when {@code nameOrId} is a UUID. */
    public Future<Optional<Tenant>> findTenant(String nameOrId) {
        UUID id = parseUuid(nameOrId);
        return pool.preparedQuery("SELECT " + TENANT_COLUMNS + " FROM tenants t WHERE t.name = $1 OR t.id = $2")
                .execute(Tuple.of(nameOrId, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(tenant(rows.iterator().next())));
    }

    /** Issues a key; the plaintext is in the result and nowhere else (the database keeps its SHA-256). */
    public Future<CreatedKey> createKey(UUID tenantId, Set<Scope> scopes) {
        if (scopes.isEmpty()) {
            return Future.failedFuture(new TenancyException("INVALID_ARGUMENT", "a key needs at least one scope"));
        }
        String key = ApiKeys.generate();
        String[] scopeIds = scopes.stream().map(Scope::id).sorted().toArray(String[]::new);
        return pool.preparedQuery("INSERT INTO api_keys (tenant_id, key_hash, prefix, scopes) "
                        + "SELECT id, $2, $3, $4 FROM tenants WHERE id = $1 RETURNING id")
                .execute(Tuple.of(tenantId, ApiKeys.hash(key), ApiKeys.prefix(key), scopeIds))
                .compose(rows -> rows.size() == 0
                        ? Future.failedFuture(new TenancyException("NOT_FOUND", "no tenant " + tenantId))
                        : Future.succeededFuture(new CreatedKey(rows.iterator().next().getUUID("id"), tenantId,
                                ApiKeys.prefix(key), Set.copyOf(scopes), key)));
    }

    /** Revokes a key at once (the next request with it is refused); false when no active key has this id. */
    public Future<Boolean> revokeKey(UUID keyId) {
        return pool.preparedQuery("UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(keyId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The principal of an active key; empty for a malformed, unknown or revoked key. */
    public Future<Optional<Principal>> authenticate(String key) {
        if (!ApiKeys.wellFormed(key)) {
            return Future.succeededFuture(Optional.empty());
        }
        return pool.preparedQuery("SELECT k.id AS key_id, k.scopes, " + TENANT_COLUMNS
                        + " FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = $1 AND k.revoked_at IS NULL")
                .execute(Tuple.of(ApiKeys.hash(key)))
                .map(TenancyService::principal);
    }

    private static Optional<Principal> principal(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        Set<Scope> scopes = Arrays.stream(row.getArrayOfStrings("scopes")).map(Scope::fromId)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
        return Optional.of(new Principal(row.getUUID("key_id"), tenant(row), scopes));
    }

    private static Tenant tenant(Row row) {
        return new Tenant(row.getUUID("id"), row.getString("name"), Plan.fromId(row.getString("plan")),
                new Limits(row.getInteger("analyses_per_day"), row.getInteger("max_concurrent"),
                        row.getInteger("max_horizon_years"), row.getInteger("requests_per_minute")),
                row.getOffsetDateTime("created_at").toInstant());
    }

    private static UUID parseUuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
