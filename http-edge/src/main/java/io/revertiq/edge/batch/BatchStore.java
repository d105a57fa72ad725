package io.revertiq.edge.batch;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.edge.api.AnalysisSubmitter;
import io.revertiq.edge.tenancy.JobStatus;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.tenancy.TenancyException;
import io.revertiq.edge.webhooks.Webhooks;
import io.revertiq.engine.request.AnalysisParams;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Batches in Postgres: their all-or-nothing admission, the promotion of waiting items into free concurrent slots, and
 * their view. Admission and promotion both hold the tenant's row lock (as {@link JobStore#admit} does), so admissions,
 * promotions and single analyses of one tenant run one after another and never take more slots than the plan has.
 */
public final class BatchStore {
    private static final Pattern BATCH_ID = Pattern.compile("bt_[0-9a-f]{32}");

    private final Pool pool;
    private final Webhooks webhooks;

    public BatchStore(Pool pool, Webhooks webhooks) {
        this.pool = pool;
        this.webhooks = webhooks;
    }

    public static String newBatchId() {
        return "bt_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Whether {@code id} has the form of {@link #newBatchId} ({@code bt_} and 32 hex digits). */
    public static boolean isBatchId(String id) {
        return id != null && BATCH_ID.matcher(id).matches();
    }

    /**
     * Admits batch {@code batchId} of {@code tenantId} in one transaction, or nothing of it: every item's horizon within
     * the plan, and all items within what is left of today's quota. Each item gets a job ({@code waiting}) and an item
     * row with its canonical request; with {@code webhookUrl} (or null) each is subscribed to it; then the tenant's
     * waiting jobs, oldest first, fill its free concurrent slots. Fails with a {@link TenancyException} NOT_FOUND for
     * an unknown tenant.
     */
    public Future<BatchAdmission> admit(UUID tenantId, String batchId, String name, URI webhookUrl,
                                        List<AnalysisParams> requests) {
        List<String> analysisIds = new ArrayList<>();
        List<String> canonical = new ArrayList<>();
        for (AnalysisParams request : requests) {
            analysisIds.add(AnalysisSubmitter.newAnalysisId());
            canonical.add(RequestParser.canonicalJson(request));
        }
        return pool.withTransaction(conn -> lockTenant(conn, tenantId, false).compose(limits -> {
            if (limits.isEmpty()) {
                return Future.failedFuture(new TenancyException("NOT_FOUND", "no tenant " + tenantId));
            }
            Row tenant = limits.get();
            int maxYears = tenant.getInteger("max_horizon_years");
            for (int i = 0; i < requests.size(); i++) {
                AnalysisParams.Horizon horizon = requests.get(i).horizon();
                if (horizon.start().plusYears(maxYears).isBefore(horizon.end())) {
                    return Future.succeededFuture(new BatchAdmission.HorizonTooLong(i, maxYears));
                }
            }
            int perDay = tenant.getInteger("analyses_per_day");
            return JobStore.usage(conn, tenantId).compose(usage -> {
                long left = Math.max(0, perDay - usage.today());
                if (requests.size() > left) {
                    return Future.succeededFuture(new BatchAdmission.DailyQuotaExceeded(requests.size(), left, perDay,
                            usage.resetAt()));
                }
                return insert(conn, tenantId, batchId, name, webhookUrl, analysisIds, canonical)
                        .compose(v -> promoteLocked(conn, tenantId, tenant.getInteger("max_concurrent")))
                        .map(promoted -> new BatchAdmission.Admitted(List.copyOf(analysisIds), promoted));
            });
        }));
    }

    private Future<Void> insert(SqlConnection conn, UUID tenantId, String batchId, String name, URI webhookUrl,
                                List<String> analysisIds, List<String> canonical) {
        String[] ids = analysisIds.toArray(String[]::new);
        Future<Void> inserted = conn.preparedQuery("INSERT INTO batches (id, tenant_id, name, webhook_url) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(batchId, tenantId, name, webhookUrl == null ? null : webhookUrl.toString()))
                .compose(v -> conn.preparedQuery("INSERT INTO jobs (analysis_id, tenant_id, status) "
                                + "SELECT unnest($1::text[]), $2, 'waiting'")
                        .execute(Tuple.of(ids, tenantId)))
                .compose(v -> conn.preparedQuery("INSERT INTO batch_items (batch_id, idx, analysis_id, request) "
                                + "SELECT $1, u.n - 1, u.analysis_id, u.request "
                                + "FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS u(analysis_id, request, n)")
                        .execute(Tuple.of(batchId, ids, canonical.toArray(String[]::new))))
                .mapEmpty();
        return webhookUrl == null ? inserted
                : inserted.compose(v -> webhooks.subscribeAll(conn, analysisIds, webhookUrl));
    }

    /**
     * Promotes the tenant's oldest waiting jobs into its free concurrent slots, unless another transaction holds the
     * tenant's row (an admission, or another scheduler): then nothing, and a later round tries again.
     */
    public Future<List<Promotion>> promote(UUID tenantId) {
        return pool.withTransaction(conn -> lockTenant(conn, tenantId, true).compose(tenant -> tenant.isEmpty()
                ? Future.succeededFuture(List.<Promotion>of())
                : promoteLocked(conn, tenantId, tenant.get().getInteger("max_concurrent"))));
    }

    /** The tenants that have waiting jobs. */
    public Future<List<UUID>> tenantsWaiting() {
        return pool.query("SELECT DISTINCT tenant_id FROM jobs WHERE status = 'waiting'").execute().map(rows -> {
            List<UUID> tenants = new ArrayList<>();
            rows.forEach(row -> tenants.add(row.getUUID(0)));
            return tenants;
        });
    }

    /** The batch as {@code GET /v1/batch/{id}} shows it, when it exists and belongs to {@code tenantId}. */
    public Future<Optional<BatchView>> find(String batchId, UUID tenantId) {
        return pool.preparedQuery("SELECT b.name, b.webhook_url, b.created_at, i.idx, j.analysis_id, j.status, "
                        + "j.progress_pct, j.reason, j.updated_at FROM batches b "
                        + "JOIN batch_items i ON i.batch_id = b.id JOIN jobs j ON j.analysis_id = i.analysis_id "
                        + "WHERE b.id = $1 AND b.tenant_id = $2 ORDER BY i.idx")
                .execute(Tuple.of(batchId, tenantId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    List<BatchView.Item> items = new ArrayList<>();
                    Row first = null;
                    for (Row row : rows) {
                        first = first == null ? row : first;
                        items.add(new BatchView.Item(row.getInteger("idx"), row.getString("analysis_id"),
                                JobStatus.fromId(row.getString("status")), row.getInteger("progress_pct"),
                                row.getString("reason"), row.getOffsetDateTime("updated_at").toInstant()));
                    }
                    return Optional.of(new BatchView(batchId, first.getString("name"), first.getString("webhook_url"),
                            first.getOffsetDateTime("created_at").toInstant(), items));
                });
    }

    /** The tenant's limits, its row locked for this transaction; {@code skipLocked}: empty when someone else holds it. */
    private static Future<Optional<Row>> lockTenant(SqlConnection conn, UUID tenantId, boolean skipLocked) {
        return conn.preparedQuery("SELECT analyses_per_day, max_concurrent, max_horizon_years FROM tenants WHERE id = $1 "
                        + (skipLocked ? "FOR UPDATE SKIP LOCKED" : "FOR UPDATE"))
                .execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
    }

    /** Fills the free slots of a tenant whose row this transaction holds with its oldest waiting jobs. */
    private static Future<List<Promotion>> promoteLocked(SqlConnection conn, UUID tenantId, int maxConcurrent) {
        return JobStore.usage(conn, tenantId).compose(usage -> {
            long free = maxConcurrent - usage.active();
            if (free <= 0) {
                return Future.succeededFuture(List.of());
            }
            return conn.preparedQuery("UPDATE jobs j SET status = 'queued', updated_at = now() FROM batch_items b "
                            + "WHERE b.analysis_id = j.analysis_id AND j.analysis_id IN ("
                            + "SELECT w.analysis_id FROM jobs w JOIN batch_items wb ON wb.analysis_id = w.analysis_id "
                            + "WHERE w.tenant_id = $1 AND w.status = 'waiting' "
                            + "ORDER BY w.created_at, wb.batch_id, wb.idx LIMIT $2) "
                            + "RETURNING j.analysis_id, b.request")
                    .execute(Tuple.of(tenantId, free))
                    .map(rows -> {
                        List<Promotion> promoted = new ArrayList<>();
                        rows.forEach(row -> promoted.add(new Promotion(row.getString("analysis_id"), row.getString("request"))));
                        return promoted;
                    });
        });
    }
}
