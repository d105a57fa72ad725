package io.revertiq.deploy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** The Vert.x plumbing of the end-to-end edge tests: blocking on a future, and tearing a fixture down. */
final class TestVertx {
    private TestVertx() {
    }

    static <T> T await(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }

    /** Closes the parts in order (nulls skipped; a failing one does not stop the rest), then the pool, then Vert.x. */
    static void closeAll(Vertx vertx, Pool pool, AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception ignored) {
                // keep closing the rest
            }
        }
        if (pool != null) {
            await(pool.close());
        }
        await(vertx.close());
    }
}
