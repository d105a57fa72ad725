package io.revertiq.deploy;

import io.revertiq.edge.db.Migrations;
import io.revertiq.edge.db.PostgresConfig;
import io.revertiq.platform.postgres.EmbeddedPostgresServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Option;

/**
 * The database an admin command works on: {@code --db-url}, else the embedded default's PostgreSQL under
 * {@code --home}/postgres. When a {@code serve} (or another admin command) runs that server, the command connects
 * to it (PostgreSQL's own {@code postmaster.pid} names the port); otherwise the command starts it for its own
 * duration. Either way the migrations run first, so a fresh folder works.
 */
final class AdminDatabase implements AutoCloseable {

    /** The options every admin subcommand takes (a picocli mixin). */
    static final class Options {
        @Option(names = "--db-url", description = "postgresql://[user[:password]@]host[:port]/database "
                + "(default: the embedded default's PostgreSQL under --home).")
        String dbUrl;
        @Option(names = "--home", defaultValue = "data", description = "The embedded default's folder (default: ${DEFAULT-VALUE}).")
        Path home;
    }

    final Vertx vertx;
    final Pool pool;
    private final EmbeddedPostgresServer started;

    private AdminDatabase(String url, EmbeddedPostgresServer started) {
        this.started = started;
        this.vertx = Vertx.vertx();
        // admin commands run one statement at a time
        this.pool = new PostgresConfig(url, 2).pool(vertx);
    }

    static AdminDatabase open(Options options, PrintWriter err) {
        EmbeddedPostgresServer started = null;
        String url = options.dbUrl;
        if (url == null) {
            Path dataDir = options.home.resolve("postgres");
            Optional<String> running = EmbeddedPostgresServer.runningOn(dataDir);
            if (running.isPresent()) {
                url = running.get();
                err.println("using the running PostgreSQL of " + dataDir);
            } else {
                started = EmbeddedPostgresServer.persistent(dataDir, 0);
                url = started.url();
            }
        }
        AdminDatabase db = new AdminDatabase(url, started);
        try {
            await(Migrations.migrate(db.pool));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** Blocks for a result; a failure is rethrown as itself so {@link CliError} can classify it. */
    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        await(pool.close());
        await(vertx.close());
        if (started != null) {
            started.close();
        }
    }
}
