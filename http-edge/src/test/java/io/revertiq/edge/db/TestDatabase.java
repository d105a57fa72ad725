package io.revertiq.edge.db;

import io.revertiq.testkit.TestPlatform;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A fresh database on the test JVM's PostgreSQL, with a pool; {@link #migrated()} also applies the migrations. */
public final class TestDatabase implements AutoCloseable {
    public final String url;
    public final Vertx vertx;
    public final Pool pool;

    private TestDatabase(String url, int poolSize) {
        this.url = url;
        this.vertx = Vertx.vertx();
        this.pool = new PostgresConfig(url, poolSize).pool(vertx);
    }

    public static TestDatabase empty(int poolSize) {
        return new TestDatabase(TestPlatform.postgres().freshDatabase(), poolSize);
    }

    public static TestDatabase migrated() {
        TestDatabase db = empty(16);
        await(Migrations.migrate(db.pool));
        return db;
    }

    /** Another pool on the same database, e.g. to play a second instance. */
    public Pool newPool(int size) {
        return new PostgresConfig(url, size).pool(vertx);
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        await(pool.close());
        await(vertx.close());
    }
}
