package io.revertiq.edge.batch;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.edge.api.AnalysisSubmitter;
import io.revertiq.edge.tenancy.JobStatus;
import io.revertiq.edge.tenancy.JobStore;
import io.revertiq.edge.webhooks.Webhooks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts waiting batch items as concurrent slots free up. Every {@link BatchConfig#schedulerInterval} (after the previous
 * round has finished) it promotes, tenant by tenant, the oldest waiting jobs into the slots that finished jobs left
 * ({@link BatchStore#promote}: under the tenant's row lock, skipped while another instance holds it) and submits their
 * requests. Any number of edge instances may run one: the row lock lets only one promote a tenant at a time, and it
 * counts the jobs the others promoted. A request Kafka does not take fails its job, as a single analysis that cannot be
 * queued does, and (never reaching the pipeline, so never heard by the view) has its {@code analysis.failed} webhook
 * event recorded here.
 */
public final class BatchScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchScheduler.class);

    private final Vertx vertx;
    private final BatchStore store;
    private final JobStore jobs;
    private final AnalysisSubmitter submitter;
    private final Webhooks webhooks;
    private final BatchConfig config;
    private volatile boolean running;
    private volatile long timer = -1;
    /** The round in progress, so {@link #close} can let its submits finish. */
    private volatile Future<?> inFlight = Future.succeededFuture();

    public BatchScheduler(Vertx vertx, BatchStore store, JobStore jobs, AnalysisSubmitter submitter, Webhooks webhooks,
                          BatchConfig config) {
        this.vertx = vertx;
        this.store = store;
        this.jobs = jobs;
        this.submitter = submitter;
        this.webhooks = webhooks;
        this.config = config;
    }

    public BatchScheduler start() {
        running = true;
        vertx.getOrCreateContext().runOnContext(v -> round());
        return this;
    }

    private void round() {
        if (!running) {
            return;
        }
        Future<Void> round = store.tenantsWaiting().compose(tenants -> {
            Future<Void> chain = Future.succeededFuture();
            for (UUID tenant : tenants) {
                chain = chain.compose(v -> promoteAndSubmit(tenant).recover(e -> {
                    LOG.warn("cannot promote the waiting batch items of tenant {} (next round retries): {}", tenant,
                            e.toString());
                    return Future.succeededFuture();
                }));
            }
            return chain;
        });
        inFlight = round;
        round.onComplete(done -> {
            if (done.failed()) {
                LOG.warn("cannot look for waiting batch items (next round retries): {}", done.cause().toString());
            }
            if (running) {
                timer = vertx.setTimer(config.schedulerInterval().toMillis(), t -> round());
            }
        });
    }

    /** One tenant's round: its free slots filled with its oldest waiting jobs, which are then submitted. */
    public Future<Void> promoteAndSubmit(UUID tenantId) {
        return store.promote(tenantId).compose(this::submit);
    }

    /**
     * Submits promoted jobs (concurrently); a job whose request Kafka does not take is marked failed, which frees its
     * slot. Completes when every job is submitted or failed.
     */
    public Future<Void> submit(List<Promotion> promoted) {
        return Future.join(promoted.stream().map(this::submit).toList()).mapEmpty();
    }

    private Future<Void> submit(Promotion promotion) {
        String analysisId = promotion.analysisId();
        return vertx.executeBlocking(() -> {
            submitter.submit(analysisId, RequestParser.parse(promotion.requestJson()));
            return (Void) null;
        }, false).recover(e -> {
            LOG.warn("cannot submit batch item {}: {}", analysisId, e.toString());
            String reason = "the request could not be queued: " + e.getMessage();
            return jobs.updateStatus(analysisId, JobStatus.FAILED, 0, reason)
                    .compose(failed -> failed ? webhooks.recordFailedBeforePipeline(analysisId, reason)
                            : Future.succeededFuture())
                    .onFailure(f -> LOG.warn("cannot mark job {} failed: {}", analysisId, f.toString()))
                    .transform(marked -> Future.succeededFuture());
        });
    }

    @Override
    public void close() {
        running = false;
        vertx.cancelTimer(timer);
        try {
            inFlight.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("the batch scheduler's last round did not finish: {}", e.toString());
        }
    }
}
