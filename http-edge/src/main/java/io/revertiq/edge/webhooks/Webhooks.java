package io.revertiq.edge.webhooks;

import io.revertiq.edge.api.AnalysisView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhooks as the rest of the edge uses them: validate a {@code webhook_url}, subscribe an admitted analysis to it,
 * turn the end of an analysis (heard from {@link AnalysisView}) into an outbox row, and read an analysis's delivery
 * log. Delivery itself is the {@link WebhookDispatcher}'s.
 */
public final class Webhooks implements AnalysisView.OutcomeListener {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    /** Tries to record an event while Postgres does not answer: 1, 2, 4, 8 s apart, about 15 s in all. */
    private static final int RECORD_TRIES = 5;

    private final Vertx vertx;
    private final WebhookConfig config;
    private final WebhookOutbox outbox;
    private final WebhookSecrets secrets;

    public Webhooks(Vertx vertx, Pool pool, WebhookConfig config) {
        this.vertx = vertx;
        this.config = config;
        this.outbox = new WebhookOutbox(pool);
        this.secrets = new WebhookSecrets(pool, config.rotationGrace());
    }

    /** The URL as it would be called, or {@link WebhookUrl.Invalid}. */
    public URI parseUrl(String raw) {
        return WebhookUrl.parse(raw, config.allowPlainHttp());
    }

    /**
     * Makes the analysis's end (complete or failed) be delivered to {@code url}. Call after the job is admitted and
     * before the request is submitted, so the event cannot arrive first; fails with NOT_FOUND without a job.
     */
    public Future<Void> subscribe(String analysisId, URI url) {
        return outbox.subscribe(analysisId, url);
    }

    /**
     * {@link #subscribe} for several analyses at once, through {@code client}: a batch subscribes its items in the
     * transaction that admits them, before any of them can be submitted.
     */
    public Future<Void> subscribeAll(SqlClient client, List<String> analysisIds, URI url) {
        return outbox.subscribeAll(client, analysisIds, url);
    }

    /** {@code {"analysis_id","webhook_url","deliveries":[...]}} for {@code GET /v1/analysis/{id}/webhooks}. */
    public Future<JsonObject> log(String analysisId) {
        return outbox.log(analysisId);
    }

    /** Hears the view on a stream thread: never blocks it; retries while Postgres does not answer. */
    @Override
    public void ended(String analysisId, AnalysisView.Outcome outcome) {
        recordRetrying(analysisId, outcome, Instant.now(), 1);
    }

    private void recordRetrying(String analysisId, AnalysisView.Outcome outcome, Instant endedAt, int attempt) {
        record(analysisId, outcome, endedAt).onFailure(e -> {
            if (attempt >= RECORD_TRIES) {
                LOG.error("the webhook event of {} is lost: it could not be recorded in {} tries: {}", analysisId,
                        RECORD_TRIES, e.toString());
                return;
            }
            vertx.setTimer(1000L << (attempt - 1), t -> recordRetrying(analysisId, outcome, endedAt, attempt + 1));
        });
    }

    /**
     * Records the event of an ended analysis in the outbox when it has a subscription; true when a delivery was
     * created, false without a subscription or when the event was recorded before (a replay).
     */
    public Future<Boolean> record(String analysisId, AnalysisView.Outcome outcome, Instant endedAt) {
        return outbox.subscription(analysisId).compose(url -> url.isEmpty() ? Future.succeededFuture(false)
                // parsing a large result is kept off the event loop
                : vertx.executeBlocking(() -> outcome.resultJson() != null
                        ? WebhookEvents.complete(analysisId, outcome.resultJson(), endedAt)
                        : WebhookEvents.failed(analysisId, outcome.failedStatus(), endedAt), false)
                        .compose(event -> outbox.enqueue(analysisId, event)));
    }

    /**
     * Records the {@code analysis.failed} event of an analysis that failed before the pipeline heard of it (so the
     * view never will): its request was not taken by Kafka, or was lost on the way.
     */
    public Future<Boolean> recordFailedBeforePipeline(String analysisId, String reason) {
        Instant now = Instant.now();
        JsonObject failed = new JsonObject().put("analysis_id", analysisId).put("status", "failed").put("stage", "submit")
                .put("reason", reason).put("updated_at", now.toString());
        return record(analysisId, new AnalysisView.Outcome(null, failed), now);
    }

    WebhookConfig config() {
        return config;
    }

    WebhookOutbox outbox() {
        return outbox;
    }

    public WebhookSecrets secrets() {
        return secrets;
    }
}
