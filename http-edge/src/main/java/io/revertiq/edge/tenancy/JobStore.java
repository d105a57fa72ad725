package io.revertiq.edge.tenancy;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Jobs in Postgres and the quota admission that creates them. Admission runs in one transaction that locks the
 * tenant's row ({@code SELECT ... FOR UPDATE}), counts the tenant's jobs of today and those still queued or
 * running, and inserts the new job: a second admission for the same tenant waits for the first to commit and then
 * counts its row, so two concurrent requests can never both take the last slot. Tenants do not block each other.
 */
public final class JobStore {
    private static final String UNIQUE_VIOLATION = "23505";
    /** Start of the current UTC day as a timestamptz; daily quotas reset at 00:00 UTC. */
    private static final String TODAY = "(date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')";
    private static final String ACTIVE = "status IN ('queued', 'running')";
    private static final String JOB_COLUMNS = "analysis_id, tenant_id, status, progress_pct, reason, created_at, updated_at";

    private final Pool pool;

    public JobStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Admits analysis {@code analysisId} of {@code tenantId} over the horizon {@code start..end} if the tenant's
     * limits allow it, recording the job as {@code queued}. Fails with a {@link TenancyException} for an unknown
     * tenant (NOT_FOUND) or an analysis id that already has a job (ALREADY_EXISTS).
     */
    public Future<Admission> admit(UUID tenantId, String analysisId, LocalDate start, LocalDate end) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                        "SELECT analyses_per_day, max_concurrent, max_horizon_years FROM tenants WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(tenantId))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.failedFuture(new TenancyException("NOT_FOUND", "no tenant " + tenantId));
                    }
                    Row tenant = rows.iterator().next();
                    int maxYears = tenant.getInteger("max_horizon_years");
                    if (start.plusYears(maxYears).isBefore(end)) {
                        return Future.succeededFuture(new Admission.Refused(Admission.Reason.HORIZON, maxYears,
                                "the horizon " + start + ".." + end + " is longer than the plan's " + maxYears + " years", null));
                    }
                    return count(conn, tenantId, tenant.getInteger("analyses_per_day"), tenant.getInteger("max_concurrent"),
                            analysisId);
                }))
                .recover(e -> Future.failedFuture(e instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                        ? new TenancyException("ALREADY_EXISTS", "analysis " + analysisId + " already has a job") : e));
    }

    private static Future<Admission> count(SqlConnection conn, UUID tenantId, int perDay, int maxConcurrent, String analysisId) {
        return usage(conn, tenantId).compose(usage -> {
            if (usage.today() >= perDay) {
                return Future.succeededFuture(new Admission.Refused(Admission.Reason.DAILY_QUOTA, perDay,
                        "the plan's " + perDay + " analyses per day are used up; the quota resets at " + usage.resetAt(),
                        usage.resetAt()));
            }
            if (usage.active() >= maxConcurrent) {
                return Future.succeededFuture(new Admission.Refused(Admission.Reason.CONCURRENCY, maxConcurrent,
                        "the plan allows " + maxConcurrent + " analyses queued or running at once; wait for one to finish",
                        null));
            }
            return conn.preparedQuery("INSERT INTO jobs (analysis_id, tenant_id, status) VALUES ($1, $2, 'queued') "
                            + "RETURNING " + JOB_COLUMNS)
                    .execute(Tuple.of(analysisId, tenantId))
                    .map(inserted -> new Admission.Admitted(job(inserted.iterator().next())));
        });
    }

    /**
     * The tenant's quota usage as {@code client} sees it. Admissions call it inside their transaction after locking the
     * tenant's row, so the counts cannot change before they insert.
     */
    public static Future<QuotaUsage> usage(SqlClient client, UUID tenantId) {
        return client.preparedQuery("SELECT count(*) FILTER (WHERE created_at >= " + TODAY + ") AS today, "
                        + "count(*) FILTER (WHERE " + ACTIVE + ") AS active, "
                        + TODAY + " + interval '1 day' AS reset_at "
                        + "FROM jobs WHERE tenant_id = $1 AND (created_at >= " + TODAY + " OR " + ACTIVE + ")")
                .execute(Tuple.of(tenantId))
                .map(rows -> {
                    Row counts = rows.iterator().next();
                    return new QuotaUsage(counts.getLong("today"), counts.getLong("active"),
                            counts.getOffsetDateTime("reset_at").toInstant());
                });
    }

    /**
     * Records a status event of the pipeline. A finished job (complete or failed) is never reopened, so a late or
     * replayed event cannot move it back; false when no unfinished job has this id.
     */
    public Future<Boolean> updateStatus(String analysisId, JobStatus status, int progressPct, String reason) {
        if (progressPct < 0 || progressPct > 100) {
            return Future.failedFuture(new IllegalArgumentException("progress_pct must be 0..100, got " + progressPct));
        }
        return pool.preparedQuery("UPDATE jobs SET status = $2, progress_pct = $3, reason = $4, updated_at = now(), "
                        + "status_heard_at = coalesce(status_heard_at, now()) WHERE analysis_id = $1 AND " + ACTIVE)
                .execute(Tuple.of(analysisId, status.id(), progressPct, reason))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Fails the jobs still {@code queued} without any recorded status {@code after} their admission or promotion, and
     * returns their ids. Such a job was lost before Kafka took its request (its edge instance stopped in between; a
     * request Kafka refuses fails at once), so nothing would ever move it, and it would hold a concurrency slot for
     * good. A status recorded concurrently wins: the row is re-checked under its lock.
     */
    public Future<List<String>> failLost(Duration after, String reason) {
        return pool.preparedQuery("UPDATE jobs SET status = 'failed', reason = $2, updated_at = now(), "
                        + "status_heard_at = now() WHERE status = 'queued' AND status_heard_at IS NULL "
                        + "AND updated_at < now() - make_interval(secs => $1) RETURNING analysis_id")
                .execute(Tuple.of(after.toMillis() / 1000.0, reason))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString("analysis_id")));
                    return ids;
                });
    }

    public Future<Optional<Job>> find(String analysisId) {
        return pool.preparedQuery("SELECT " + JOB_COLUMNS + " FROM jobs WHERE analysis_id = $1")
                .execute(Tuple.of(analysisId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(job(rows.iterator().next())));
    }

    private static Job job(Row row) {
        return new Job(row.getString("analysis_id"), row.getUUID("tenant_id"), JobStatus.fromId(row.getString("status")),
                row.getInteger("progress_pct"), row.getString("reason"),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant());
    }
}
