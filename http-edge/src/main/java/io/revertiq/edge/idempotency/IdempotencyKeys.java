package io.revertiq.edge.idempotency;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} records of POST requests in Postgres (table {@code idempotency_keys}, one row per tenant
 * and key), usable by any POST handler:
 * <ol>
 *   <li>{@link #claim}: the first request with a key inserts its row ({@code INSERT ... ON CONFLICT}, so of N
 *   concurrent duplicates exactly one owns it) and gets {@link Claim.Owned}. A later one with the same request hash
 *   gets {@link Claim.Replay} once the owner completed, {@link Claim.Attach} while the owner waits for an analysis it
 *   has already bound, and otherwise waits up to {@link IdempotencyConfig#inFlightWait} ({@link Claim.Busy} after
 *   it). Another request hash is {@link Claim.Mismatch}.</li>
 *   <li>The owner calls {@link #bind} once its analysis exists, and {@link #complete} with its response, or
 *   {@link #release} when it answers an error, so the client can retry with the same key.</li>
 * </ol>
 * Expired rows count as absent and are taken over; so is a claim that never bound an analysis within its lease.
 * Every write checks the owner's token, so an owner whose claim was taken over cannot overwrite the new owner.
 */
public final class IdempotencyKeys {
    /** 1..255 printable ASCII characters (space included; HTTP trims it at the ends). */
    private static final Pattern KEY = Pattern.compile("[\\x20-\\x7E]{1,255}");
    private static final long FIRST_POLL_MILLIS = 25;
    private static final long MAX_POLL_MILLIS = 400;
    private static final String CLAIM = "INSERT INTO idempotency_keys AS k (tenant_id, key, request_hash, claim_token, "
            + "locked_until, created_at, expires_at) VALUES ($1, $2, $3, $4, now() + $5::bigint * interval '1 millisecond', "
            + "now(), now() + $6::bigint * interval '1 millisecond') "
            + "ON CONFLICT (tenant_id, key) DO UPDATE SET request_hash = excluded.request_hash, "
            + "claim_token = excluded.claim_token, locked_until = excluded.locked_until, analysis_id = NULL, "
            + "response_status = NULL, response_body = NULL, created_at = excluded.created_at, expires_at = excluded.expires_at "
            + "WHERE k.expires_at <= now() OR (k.response_status IS NULL AND k.analysis_id IS NULL AND k.locked_until <= now()) "
            + "RETURNING k.claim_token";
    private static final String READ = "SELECT request_hash, analysis_id, response_status, response_body, "
            + "greatest(1, ceil(extract(epoch FROM locked_until - now())))::bigint AS lease_left_s "
            + "FROM idempotency_keys WHERE tenant_id = $1 AND key = $2 AND expires_at > now()";
    private static final String OWNER = "tenant_id = $1 AND key = $2 AND claim_token = $3 AND response_status IS NULL";

    private final Vertx vertx;
    private final Pool pool;
    private final IdempotencyConfig config;

    public IdempotencyKeys(Vertx vertx, Pool pool, IdempotencyConfig config) {
        this.vertx = vertx;
        this.pool = pool;
        this.config = config;
    }

    public IdempotencyConfig config() {
        return config;
    }

    public static boolean wellFormed(String key) {
        return key != null && KEY.matcher(key).matches();
    }

    /**
     * The SHA-256 (hex) that identifies a request: its endpoint and its canonical form (the request after parsing,
     * written so that equal requests are equal strings), so a key cannot be replayed on another endpoint.
     */
    public static String requestHash(String endpoint, String canonicalRequest) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(endpoint.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            return HexFormat.of().formatHex(sha.digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** Claims {@code key} of {@code tenantId} for the request with {@code requestHash} (see the class comment). */
    public Future<Claim> claim(UUID tenantId, String key, String requestHash) {
        if (!wellFormed(key)) {
            return Future.failedFuture(new IllegalArgumentException("an Idempotency-Key is 1..255 printable ASCII characters"));
        }
        Promise<Claim> claim = Promise.promise();
        attempt(tenantId, key, requestHash, System.nanoTime() + config.inFlightWait().toNanos(), FIRST_POLL_MILLIS, claim);
        return claim.future();
    }

    private void attempt(UUID tenantId, String key, String hash, long deadline, long pollMillis, Promise<Claim> claim) {
        UUID token = UUID.randomUUID();
        pool.preparedQuery(CLAIM)
                .execute(Tuple.of(tenantId, key, hash, token, config.lease().toMillis(), config.ttl().toMillis()))
                .compose(claimed -> claimed.size() == 1
                        ? Future.succeededFuture((Claim) new Claim.Owned(tenantId, key, token))
                        : pool.preparedQuery(READ).execute(Tuple.of(tenantId, key)).map(rows -> existing(rows, hash)))
                .onFailure(claim::fail)
                .onSuccess(found -> {
                    if (!(found instanceof Claim.Busy)) {
                        claim.complete(found);
                    } else if (System.nanoTime() >= deadline) {
                        claim.complete(found);
                    } else {
                        // the owner has not bound an analysis yet (or the row was just released): look again shortly
                        long delay = Math.max(1, Math.min(pollMillis, (deadline - System.nanoTime()) / 1_000_000));
                        vertx.setTimer(delay, t -> attempt(tenantId, key, hash, deadline,
                                Math.min(MAX_POLL_MILLIS, pollMillis * 2), claim));
                    }
                });
    }

    /** The live row that kept the key from being claimed; a row gone since (released, expired) is a Busy of 0 s. */
    private static Claim existing(RowSet<Row> rows, String hash) {
        if (rows.size() == 0) {
            return new Claim.Busy(Duration.ZERO);
        }
        Row row = rows.iterator().next();
        if (!row.getString("request_hash").equals(hash)) {
            return new Claim.Mismatch();
        }
        Integer status = row.getInteger("response_status");
        if (status != null) {
            return new Claim.Replay(new StoredResponse(status, row.getString("response_body"), row.getString("analysis_id")));
        }
        String analysisId = row.getString("analysis_id");
        return analysisId != null ? new Claim.Attach(analysisId) : new Claim.Busy(Duration.ofSeconds(row.getLong("lease_left_s")));
    }

    /**
     * Records that the owner's request has created {@code analysisId}: from now on duplicates attach to it, and the key
     * is never taken over. False when the claim is no longer the owner's.
     */
    public Future<Boolean> bind(Claim.Owned owner, String analysisId) {
        return pool.preparedQuery("UPDATE idempotency_keys SET analysis_id = $4 WHERE " + OWNER)
                .execute(Tuple.of(owner.tenantId(), owner.key(), owner.token(), analysisId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Records the owner's response for replays. False when the claim is no longer the owner's. */
    public Future<Boolean> complete(Claim.Owned owner, StoredResponse response) {
        return pool.preparedQuery("UPDATE idempotency_keys SET analysis_id = $4, response_status = $5, response_body = $6 "
                        + "WHERE " + OWNER)
                .execute(Tuple.of(owner.tenantId(), owner.key(), owner.token(), response.analysisId(), response.status(),
                        response.body()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Frees the key of a request that answered an error. False when the claim is no longer the owner's. */
    public Future<Boolean> release(Claim.Owned owner) {
        return pool.preparedQuery("DELETE FROM idempotency_keys WHERE " + OWNER)
                .execute(Tuple.of(owner.tenantId(), owner.key(), owner.token()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Deletes the expired records; completes with how many. */
    public Future<Integer> sweep() {
        return pool.query("DELETE FROM idempotency_keys WHERE expires_at <= now()").execute().map(RowSet::rowCount);
    }
}
