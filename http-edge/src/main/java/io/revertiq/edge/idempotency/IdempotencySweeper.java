package io.revertiq.edge.idempotency;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired {@code Idempotency-Key} records every {@link IdempotencyConfig#sweepInterval}. Readers already ignore
 * expired rows, so a missed sweep costs only space; with several instances each sweeps, which is harmless.
 */
public final class IdempotencySweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IdempotencySweeper.class);

    private final Vertx vertx;
    private final long timer;

    private IdempotencySweeper(Vertx vertx, IdempotencyKeys keys) {
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(keys.config().sweepInterval().toMillis(), t -> keys.sweep()
                .onSuccess(deleted -> {
                    if (deleted > 0) {
                        LOG.info("deleted {} expired Idempotency-Key records", deleted);
                    }
                })
                .onFailure(e -> LOG.warn("cannot delete expired Idempotency-Key records: {}", e.toString())));
    }

    public static IdempotencySweeper start(Vertx vertx, IdempotencyKeys keys) {
        return new IdempotencySweeper(vertx, keys);
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
