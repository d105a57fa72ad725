package io.revertiq.edge.api;

import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.webhooks.Webhooks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails the jobs whose request never reached the pipeline: admitted (or promoted from a batch) as {@code queued}, but
 * their edge instance stopped before Kafka acknowledged the request, so no status will ever move them and each holds
 * a concurrency slot of its tenant for good. Every {@code interval} it fails the queued jobs without any recorded
 * status {@code after} their admission ({@link JobStore#failLost}) and records their {@code analysis.failed} webhook
 * event. A job of a live pipeline has its first status ('queued', published with the request) recorded within a
 * second, so the default wait of 15 minutes leaves a wide margin for a slow view. Any number of instances may sweep:
 * the update takes each row once.
 */
public final class LostSubmissionSweeper implements AutoCloseable {
    public static final Duration DEFAULT_AFTER = Duration.ofMinutes(15);
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    static final String REASON = "the request never reached the pipeline: the edge instance that admitted it stopped "
            + "before Kafka acknowledged it; submit it again";
    private static final Logger LOG = LoggerFactory.getLogger(LostSubmissionSweeper.class);

    private final Vertx vertx;
    private final JobStore jobs;
    private final Webhooks webhooks;
    private final Duration after;
    private final long timer;

    private LostSubmissionSweeper(Vertx vertx, JobStore jobs, Webhooks webhooks, Duration after, Duration interval) {
        this.vertx = vertx;
        this.jobs = jobs;
        this.webhooks = webhooks;
        this.after = after;
        this.timer = vertx.setPeriodic(interval.toMillis(), t -> sweep()
                .onFailure(e -> LOG.warn("cannot sweep lost submissions: {}", e.toString())));
    }

    public static LostSubmissionSweeper start(Vertx vertx, JobStore jobs, Webhooks webhooks, Duration after,
                                              Duration interval) {
        if (after.isNegative() || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the sweep needs a wait >= 0 and an interval > 0");
        }
        return new LostSubmissionSweeper(vertx, jobs, webhooks, after, interval);
    }

    /** One sweep: the ids of the jobs it failed (their webhook events recorded, or the failure to record logged). */
    Future<List<String>> sweep() {
        return jobs.failLost(after, REASON).compose(lost -> {
            if (lost.isEmpty()) {
                return Future.succeededFuture(lost);
            }
            LOG.warn("failed {} job(s) whose request never reached the pipeline: {}", lost.size(), lost);
            return Future.join(lost.stream().map(id -> webhooks.recordFailedBeforePipeline(id, REASON).onFailure(e ->
                            LOG.error("the webhook event of lost job {} is lost: {}", id, e.toString())))
                    .toList()).transform(recorded -> Future.succeededFuture(lost));
        });
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
