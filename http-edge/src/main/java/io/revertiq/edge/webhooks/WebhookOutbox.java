package io.revertiq.edge.webhooks;

import io.revertiq.edge.tenancy.TenancyException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The webhook tables in Postgres: subscriptions, the delivery outbox, the attempt log. Every statement is short;
 * no transaction stays open while a receiver is called (a claim is a lease, see {@link #claimDue}).
 */
final class WebhookOutbox {
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String MILLIS = "::bigint * interval '1 millisecond'";

    /** A claimed delivery: what to send where, and how many attempts it had before this one. */
    record Delivery(String id, String eventId, EventType type, String analysisId, UUID tenantId, String url,
                    String payload, int previousAttempts, Instant claimedAt) {
        int attempt() {
            return previousAttempts + 1;
        }
    }

    /** One attempt's outcome: the HTTP status, or the error when there was no HTTP answer. */
    record Attempt(int number, Instant attemptedAt, long durationMs, Integer httpStatus, String error) {
        boolean delivered() {
            return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
        }

        String describe() {
            return httpStatus != null ? "HTTP " + httpStatus : error;
        }
    }

    /** A dead delivery not yet on the dead-letter topic. */
    record DeadDelivery(String id, String eventId, EventType type, String analysisId, UUID tenantId, String url,
                        String payload, int attempts, Integer lastHttpStatus, String lastError, Instant createdAt,
                        Instant deadAt) {
    }

    private final Pool pool;

    WebhookOutbox(Pool pool) {
        this.pool = pool;
    }

    /** Records (or replaces) the URL the analysis's events go to; NOT_FOUND when the analysis has no job. */
    Future<Void> subscribe(String analysisId, URI url) {
        return pool.preparedQuery("INSERT INTO webhook_subscriptions (analysis_id, url) VALUES ($1, $2) "
                        + "ON CONFLICT (analysis_id) DO UPDATE SET url = EXCLUDED.url")
                .execute(Tuple.of(analysisId, url.toString()))
                .recover(e -> Future.failedFuture(e instanceof PgException pg
                        && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())
                        ? new TenancyException("NOT_FOUND", "no job for analysis " + analysisId) : e))
                .mapEmpty();
    }

    /**
     * Subscribes every analysis of {@code analysisIds} to {@code url} through {@code client}, e.g. the transaction that
     * admits them (so no analysis can start before its subscription exists); NOT_FOUND when one has no job.
     */
    Future<Void> subscribeAll(SqlClient client, List<String> analysisIds, URI url) {
        return client.preparedQuery("INSERT INTO webhook_subscriptions (analysis_id, url) SELECT unnest($1::text[]), $2 "
                        + "ON CONFLICT (analysis_id) DO UPDATE SET url = EXCLUDED.url")
                .execute(Tuple.of(analysisIds.toArray(String[]::new), url.toString()))
                .recover(e -> Future.failedFuture(e instanceof PgException pg
                        && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())
                        ? new TenancyException("NOT_FOUND", "an analysis of " + analysisIds + " has no job") : e))
                .mapEmpty();
    }

    Future<Optional<String>> subscription(String analysisId) {
        return pool.preparedQuery("SELECT url FROM webhook_subscriptions WHERE analysis_id = $1")
                .execute(Tuple.of(analysisId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString(0)));
    }

    /**
     * Puts the event in the outbox, due now, for the analysis's subscription. False when the analysis has no
     * subscription or already has an event of this type (a replay).
     */
    Future<Boolean> enqueue(String analysisId, WebhookEvents.Event event) {
        return pool.preparedQuery("INSERT INTO webhook_deliveries (id, event_id, event_type, analysis_id, tenant_id, url, "
                        + "payload, next_attempt_at) "
                        + "SELECT $1, $2, $3, s.analysis_id, j.tenant_id, s.url, $5, now() "
                        + "FROM webhook_subscriptions s JOIN jobs j ON j.analysis_id = s.analysis_id "
                        + "WHERE s.analysis_id = $4 ON CONFLICT (analysis_id, event_type) DO NOTHING")
                .execute(Tuple.of("dlv_" + UUID.randomUUID().toString().replace("-", ""), event.id(),
                        event.type().id(), analysisId, event.payload()))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Claims up to {@code limit} due deliveries. Each is pushed {@code lease} into the future, so other dispatchers
     * skip it while this one calls; rows another dispatcher is claiming at the same moment are skipped, not waited for.
     */
    Future<List<Delivery>> claimDue(int limit, Duration lease) {
        return pool.preparedQuery("UPDATE webhook_deliveries d SET next_attempt_at = now() + $2" + MILLIS + " "
                        + "WHERE d.id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now() "
                        + "ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) "
                        + "RETURNING d.id, d.event_id, d.event_type, d.analysis_id, d.tenant_id, d.url, d.payload, d.attempts, "
                        + "now() AS claimed_at")
                .execute(Tuple.of(limit, lease.toMillis()))
                .map(rows -> {
                    List<Delivery> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new Delivery(row.getString("id"), row.getString("event_id"),
                                EventType.fromId(row.getString("event_type")), row.getString("analysis_id"),
                                row.getUUID("tenant_id"), row.getString("url"), row.getString("payload"),
                                row.getInteger("attempts"), row.getOffsetDateTime("claimed_at").toInstant()));
                    }
                    return claimed;
                });
    }

    /**
     * Logs an attempt and moves the delivery on: delivered, due again after {@code backoff}, or dead when
     * {@code backoff} is null and the attempt failed. False when the delivery was not in the state this claim saw
     * (another dispatcher recorded it after this one's lease ran out); then nothing is written.
     */
    Future<Boolean> record(Delivery delivery, Attempt attempt, Duration backoff) {
        String status = attempt.delivered() ? "delivered" : backoff != null ? "pending" : "dead";
        Long backoffMs = status.equals("pending") ? backoff.toMillis() : null;
        return pool.withTransaction(conn -> conn.preparedQuery("UPDATE webhook_deliveries SET attempts = attempts + 1, "
                                + "status = $3, last_error = $4, "
                                + "next_attempt_at = CASE WHEN $3 = 'pending' THEN now() + $5" + MILLIS + " END, "
                                + "delivered_at = CASE WHEN $3 = 'delivered' THEN now() END, "
                                + "dead_at = CASE WHEN $3 = 'dead' THEN now() END "
                                + "WHERE id = $1 AND attempts = $2 AND status = 'pending' RETURNING next_attempt_at")
                        .execute(Tuple.of(delivery.id(), delivery.previousAttempts(), status,
                                attempt.delivered() ? null : attempt.describe(), backoffMs))
                        .compose(updated -> {
                            if (updated.rowCount() == 0) {
                                return Future.succeededFuture(false);
                            }
                            OffsetDateTime next = updated.iterator().next().getOffsetDateTime("next_attempt_at");
                            return conn.preparedQuery("INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, "
                                            + "duration_ms, http_status, error, backoff_ms, next_attempt_at) "
                                            + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                                    .execute(Tuple.from(new Object[] {delivery.id(), attempt.number(),
                                            attempt.attemptedAt().atOffset(ZoneOffset.UTC),
                                            (int) Math.min(Integer.MAX_VALUE, attempt.durationMs()), attempt.httpStatus(),
                                            attempt.error(), backoffMs, next}))
                                    .map(true);
                        }));
    }

    /**
     * Hands up to {@code limit} dead deliveries that are not on the dead-letter topic yet to {@code publish} and
     * marks them once it succeeds; their rows stay locked meanwhile, so two dispatchers never publish the same one.
     * Completes with how many were published.
     */
    Future<Integer> publishDeadLetters(int limit, Function<List<DeadDelivery>, Future<Void>> publish) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT d.id, d.event_id, d.event_type, d.analysis_id, "
                                + "d.tenant_id, d.url, d.payload, d.attempts, d.last_error, d.created_at, d.dead_at, "
                                + "latest.http_status FROM webhook_deliveries d "
                                + "LEFT JOIN LATERAL (SELECT http_status FROM webhook_attempts a WHERE a.delivery_id = d.id "
                                + "ORDER BY a.attempt DESC LIMIT 1) latest ON true "
                                + "WHERE d.status = 'dead' AND d.dead_lettered_at IS NULL ORDER BY d.dead_at LIMIT $1 "
                                + "FOR UPDATE OF d SKIP LOCKED")
                        .execute(Tuple.of(limit))
                        .compose(rows -> {
                            List<DeadDelivery> dead = new ArrayList<>();
                            for (Row row : rows) {
                                dead.add(new DeadDelivery(row.getString("id"), row.getString("event_id"),
                                        EventType.fromId(row.getString("event_type")), row.getString("analysis_id"),
                                        row.getUUID("tenant_id"), row.getString("url"), row.getString("payload"),
                                        row.getInteger("attempts"), row.getInteger("http_status"),
                                        row.getString("last_error"), row.getOffsetDateTime("created_at").toInstant(),
                                        row.getOffsetDateTime("dead_at").toInstant()));
                            }
                            if (dead.isEmpty()) {
                                return Future.succeededFuture(0);
                            }
                            String[] ids = dead.stream().map(DeadDelivery::id).toArray(String[]::new);
                            return publish.apply(dead)
                                    .compose(published -> conn.preparedQuery(
                                                    "UPDATE webhook_deliveries SET dead_lettered_at = now() WHERE id = ANY($1)")
                                            .execute(Tuple.of(ids)))
                                    .map(dead.size());
                        }));
    }

    /**
     * The delivery log of an analysis as {@code GET /v1/analysis/{id}/webhooks} answers it:
     * {@code {"analysis_id","webhook_url","deliveries":[{..., "attempts":[...]}]}}, oldest first.
     */
    Future<JsonObject> log(String analysisId) {
        Future<Optional<String>> url = subscription(analysisId);
        Future<List<Row>> deliveries = pool.preparedQuery("SELECT id, event_id, event_type, url, status, attempts, "
                        + "created_at, next_attempt_at, delivered_at, dead_at, dead_lettered_at, last_error "
                        + "FROM webhook_deliveries WHERE analysis_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(analysisId)).map(WebhookOutbox::list);
        Future<List<Row>> attempts = pool.preparedQuery("SELECT a.delivery_id, a.attempt, a.attempted_at, a.duration_ms, "
                        + "a.http_status, a.error, a.backoff_ms, a.next_attempt_at FROM webhook_attempts a "
                        + "JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.analysis_id = $1 "
                        + "ORDER BY a.delivery_id, a.attempt")
                .execute(Tuple.of(analysisId)).map(WebhookOutbox::list);
        return Future.all(url, deliveries, attempts).map(all -> {
            Map<String, JsonArray> attemptsOf = new LinkedHashMap<>();
            for (Row a : attempts.result()) {
                attemptsOf.computeIfAbsent(a.getString("delivery_id"), id -> new JsonArray()).add(new JsonObject()
                        .put("attempt", a.getInteger("attempt"))
                        .put("attempted_at", time(a, "attempted_at"))
                        .put("duration_ms", a.getInteger("duration_ms"))
                        .put("http_status", a.getInteger("http_status"))
                        .put("error", a.getString("error"))
                        .put("backoff_ms", a.getLong("backoff_ms"))
                        .put("next_attempt_at", time(a, "next_attempt_at")));
            }
            JsonArray list = new JsonArray();
            for (Row d : deliveries.result()) {
                list.add(new JsonObject()
                        .put("delivery_id", d.getString("id"))
                        .put("event_id", d.getString("event_id"))
                        .put("event_type", d.getString("event_type"))
                        .put("url", d.getString("url"))
                        .put("status", d.getString("status"))
                        .put("attempt_count", d.getInteger("attempts"))
                        .put("created_at", time(d, "created_at"))
                        .put("next_attempt_at", time(d, "next_attempt_at"))
                        .put("delivered_at", time(d, "delivered_at"))
                        .put("dead_at", time(d, "dead_at"))
                        .put("dead_lettered_at", time(d, "dead_lettered_at"))
                        .put("last_error", d.getString("last_error"))
                        .put("attempts", attemptsOf.getOrDefault(d.getString("id"), new JsonArray())));
            }
            return new JsonObject().put("analysis_id", analysisId).put("webhook_url", url.result().orElse(null))
                    .put("deliveries", list);
        });
    }

    private static List<Row> list(Iterable<Row> rows) {
        List<Row> list = new ArrayList<>();
        rows.forEach(list::add);
        return list;
    }

    private static String time(Row row, String column) {
        OffsetDateTime t = row.getOffsetDateTime(column);
        return t == null ? null : t.toInstant().toString();
    }
}
