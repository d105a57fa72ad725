package io.revertiq.edge.webhooks;

import io.revertiq.edge.tenancy.TenancyException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Each tenant's webhook signing secret ({@code whsec_} + 32 URL-safe base64 characters, 192 random bits), created on
 * first use and rotatable. After a rotation the previous secret keeps signing, beside the new one, for the grace
 * period, so a receiver can switch secrets without refusing deliveries in between.
 */
public final class WebhookSecrets {
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The previous secret only while it is in its grace period (by the database's clock, like the expiry). */
    private static final String COLUMNS = "secret, created_at, "
            + "CASE WHEN previous_expires_at > now() THEN previous_secret END AS previous_secret, "
            + "CASE WHEN previous_expires_at > now() THEN previous_expires_at END AS previous_expires_at";

    /** A tenant's secret; {@code previousSecret} is non-null while it still signs (until {@code previousExpiresAt}). */
    public record SigningSecret(String secret, Instant createdAt, String previousSecret, Instant previousExpiresAt) {
    }

    private final Pool pool;
    private final Duration rotationGrace;

    public WebhookSecrets(Pool pool, Duration rotationGrace) {
        this.pool = pool;
        this.rotationGrace = rotationGrace;
    }

    static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The tenant's secret, created now if it has none yet. */
    public Future<SigningSecret> current(UUID tenantId) {
        return find(tenantId).compose(found -> found != null ? Future.succeededFuture(found)
                : pool.preparedQuery("INSERT INTO webhook_secrets (tenant_id, secret) VALUES ($1, $2) "
                                + "ON CONFLICT (tenant_id) DO NOTHING")
                        .execute(Tuple.of(tenantId, generate()))
                        .recover(e -> Future.failedFuture(unknownTenant(tenantId, e)))
                        // read again: another instance may have created it first
                        .compose(inserted -> find(tenantId)));
    }

    private Future<SigningSecret> find(UUID tenantId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM webhook_secrets WHERE tenant_id = $1")
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? null : secret(rows.iterator().next()));
    }

    /** Replaces the tenant's secret with a new one; the old one signs too until the grace period ends. */
    public Future<SigningSecret> rotate(UUID tenantId) {
        return pool.preparedQuery("INSERT INTO webhook_secrets AS w (tenant_id, secret) VALUES ($1, $2) "
                        + "ON CONFLICT (tenant_id) DO UPDATE SET secret = EXCLUDED.secret, created_at = now(), "
                        + "previous_secret = w.secret, previous_expires_at = now() + $3 * interval '1 millisecond' "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.of(tenantId, generate(), rotationGrace.toMillis()))
                .recover(e -> Future.failedFuture(unknownTenant(tenantId, e)))
                .map(rows -> secret(rows.iterator().next()));
    }

    /** The secrets a delivery of the tenant is signed with now: the current one, then a previous one in its grace. */
    public Future<List<String>> signingSecrets(UUID tenantId) {
        return current(tenantId).map(s -> {
            List<String> secrets = new ArrayList<>(List.of(s.secret()));
            if (s.previousSecret() != null) {
                secrets.add(s.previousSecret());
            }
            return secrets;
        });
    }

    private static Throwable unknownTenant(UUID tenantId, Throwable e) {
        return e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())
                ? new TenancyException("NOT_FOUND", "no tenant " + tenantId) : e;
    }

    private static SigningSecret secret(Row row) {
        OffsetDateTime expires = row.getOffsetDateTime("previous_expires_at");
        return new SigningSecret(row.getString("secret"), row.getOffsetDateTime("created_at").toInstant(),
                row.getString("previous_secret"), expires == null ? null : expires.toInstant());
    }
}
