package io.revertiq.edge.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * Where the edge keeps tenants, keys, jobs and idempotency records: a {@code postgresql://user:password@host:port/db}
 * URL (the embedded default's, or production's) and the connection pool size, validated before anything connects.
 */
public record PostgresConfig(String url, int poolSize) {

    public PostgresConfig {
        if (url == null || !url.matches("postgres(ql)?://\\S+")) {
            throw new IllegalArgumentException("the database URL must be postgresql://[user[:password]@]host[:port]/database, got '"
                    + url + "'");
        }
        if (poolSize < 1 || poolSize > 100) {
            throw new IllegalArgumentException("the Postgres pool size must be 1..100, got " + poolSize);
        }
    }

    public Pool pool(Vertx vertx) {
        return PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(poolSize))
                .connectingTo(PgConnectOptions.fromUri(url))
                .using(vertx)
                .build();
    }
}
