package io.revertiq.deploy;

import io.revertiq.edge.db.Migrations;
import io.revertiq.edge.db.PostgresConfig;
import io.revertiq.platform.postgres.EmbeddedPostgresServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The edge's PostgreSQL as the launcher opens it: a {@code --db-url}, or the embedded default's server on
 * {@code HOME/postgres}. The migrations have run when a factory returns.
 *
 * <p>{@code serve} owns the embedded server ({@link #serve}). An admin command ({@link #admin}) connects to the
 * server already running on the folder (a {@code serve}'s; PostgreSQL's own {@code postmaster.pid} names its port),
 * or starts the server for the command's duration when none runs. A {@code serve} started while an admin command
 * holds the folder fails fast and can simply be started again a moment later.
 */
final class EdgeDatabase implements AutoCloseable {
    /** Pool size of serve: enough for the edge's concurrent authentications and admissions on 2 cores. */
    private static final int SERVE_POOL = 8;
    /** Admin commands run one statement at a time. */
    private static final int ADMIN_POOL = 1;

    /** The options every admin subcommand takes (a picocli mixin). */
    static final class AdminOptions {
        @Option(names = "--db-url", description = "postgresql://[user[:password]@]host[:port]/database "
                + "(default: the embedded default's PostgreSQL under --home).")
        String dbUrl;
        @Option(names = "--home", defaultValue = "data", description = "The embedded default's folder (default: ${DEFAULT-VALUE}).")
        Path home;
    }

    /** serve's database options, validated before anything starts. */
    record ServeOptions(String dbUrl, int postgresPort) {
        ServeOptions {
            if (dbUrl != null) {
                new PostgresConfig(dbUrl, SERVE_POOL); // throws on a malformed URL
            }
            if (postgresPort < 0 || postgresPort > 65_535) {
                throw new IllegalArgumentException("--postgres-port must be 0..65535 (0 picks a free port), got " + postgresPort);
            }
        }
    }

    final Pool pool;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final EmbeddedPostgresServer embedded;

    private EdgeDatabase(Vertx vertx, boolean ownsVertx, PostgresConfig config, EmbeddedPostgresServer embedded) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.embedded = embedded;
        this.pool = config.pool(vertx);
    }

    /** For {@code serve}: the URL's database, else a server of its own on {@code home/postgres} (port 0: a free one). */
    static EdgeDatabase serve(Vertx vertx, ServeOptions options, Path home) {
        if (options.dbUrl() != null) {
            return migrated(new EdgeDatabase(vertx, false, new PostgresConfig(options.dbUrl(), SERVE_POOL), null));
        }
        Path dataDir = home.resolve("postgres");
        if (EmbeddedPostgresServer.runningOn(dataDir).isPresent()) {
            throw new IllegalStateException("the PostgreSQL of " + dataDir + " is run by another process (another serve, "
                    + "or an admin command for a moment); instances that share work need a shared --db-url");
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.persistent(dataDir, options.postgresPort());
        return migrated(new EdgeDatabase(vertx, false, new PostgresConfig(server.url(), SERVE_POOL), server));
    }

    /** For an admin command: the URL's database, else the running server on {@code home/postgres}, else one started now. */
    static EdgeDatabase admin(AdminOptions options, CommandSpec command) {
        if (options.dbUrl != null) {
            PostgresConfig config;
            try {
                config = new PostgresConfig(options.dbUrl, ADMIN_POOL);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(command.commandLine(), "--db-url: " + e.getMessage());
            }
            return migrated(new EdgeDatabase(Vertx.vertx(), true, config, null));
        }
        Path dataDir = options.home.resolve("postgres");
        Optional<String> running = EmbeddedPostgresServer.runningOn(dataDir);
        if (running.isPresent()) {
            command.commandLine().getErr().println("using the running PostgreSQL of " + dataDir);
            return migrated(new EdgeDatabase(Vertx.vertx(), true, new PostgresConfig(running.get(), ADMIN_POOL), null));
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.persistent(dataDir, 0);
        return migrated(new EdgeDatabase(Vertx.vertx(), true, new PostgresConfig(server.url(), ADMIN_POOL), server));
    }

    /** For the start-up line: the embedded server's URL (it has no password), never a --db-url's credentials. */
    String describe() {
        return embedded != null ? embedded.url() : "the --db-url database";
    }

    private static EdgeDatabase migrated(EdgeDatabase db) {
        try {
            await(Migrations.migrate(db.pool));
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
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
        if (ownsVertx) {
            await(vertx.close());
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}
