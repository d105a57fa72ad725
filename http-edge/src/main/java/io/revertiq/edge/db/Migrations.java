package io.revertiq.edge.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies the SQL files under {@code db/migration} in version order, each once, recording them in
 * {@code schema_migrations}. Everything runs in one transaction holding a transaction-scoped advisory lock, so
 * instances starting together apply each file exactly once (the second waits, then finds nothing left to do) and
 * a failing file leaves the schema as it was (PostgreSQL DDL is transactional).
 */
public final class Migrations {
    /**
     * The files in order. Listed rather than discovered because a class path inside a jar cannot be listed
     * portably; {@code MigrationsTest} checks that every file in the folder is here.
     */
    public static final List<String> FILES = List.of("V1__tenants.sql", "V2__jobs.sql", "V3__idempotency_keys.sql",
            "V4__webhooks.sql", "V6__idempotency_claims.sql", "V7__batches.sql", "V8__jobs_status_heard.sql");
    /** Any constant shared by every RevertIQ instance; "RQ_MIGR" in ASCII, to stay clear of other users' locks. */
    private static final long LOCK_KEY = 0x52515F4D49475231L;
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([a-z0-9_]+)\\.sql");

    private Migrations() {
    }

    /** One migration file: its version, name and SQL. */
    public record Migration(int version, String name, String sql) {
    }

    /** Loads {@link #FILES} from the class path, checking names and that versions strictly increase. */
    public static List<Migration> load() {
        List<Migration> migrations = new ArrayList<>();
        for (String file : FILES) {
            Matcher m = NAME.matcher(file);
            if (!m.matches()) {
                throw new IllegalStateException("migration file names are V<version>__<name>.sql, got " + file);
            }
            int version = Integer.parseInt(m.group(1));
            if (!migrations.isEmpty() && migrations.get(migrations.size() - 1).version() >= version) {
                throw new IllegalStateException("migration versions must increase: " + file);
            }
            try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("migration " + file + " is not on the class path");
                }
                migrations.add(new Migration(version, m.group(2), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return migrations;
    }

    /** Brings the database up to date; completes with the versions this call applied (empty when up to date). */
    public static Future<List<Integer>> migrate(Pool pool) {
        List<Migration> migrations = load();
        return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")").execute()
                // every start after the first would log PostgreSQL's NOTICE "schema_migrations already exists, skipping"
                .compose(locked -> conn.query("SET LOCAL client_min_messages = warning").execute())
                .compose(locked -> conn.query("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        + "version integer PRIMARY KEY, name text NOT NULL, "
                        + "applied_at timestamptz NOT NULL DEFAULT now())").execute())
                .compose(created -> conn.query("SELECT version FROM schema_migrations").execute())
                .compose(rows -> {
                    Set<Integer> applied = new HashSet<>();
                    for (Row row : rows) {
                        applied.add(row.getInteger(0));
                    }
                    List<Integer> done = new ArrayList<>();
                    Future<Void> chain = Future.succeededFuture();
                    for (Migration migration : migrations) {
                        if (!applied.contains(migration.version())) {
                            chain = chain.compose(previous -> apply(conn, migration)).map(v -> {
                                done.add(migration.version());
                                return null;
                            });
                        }
                    }
                    return chain.map(v -> List.copyOf(done));
                }));
    }

    private static Future<Void> apply(SqlConnection conn, Migration migration) {
        // the simple query protocol runs a file of several statements in one round trip
        return conn.query(migration.sql()).execute()
                .recover(e -> Future.failedFuture(new IllegalStateException(
                        "migration V" + migration.version() + "__" + migration.name() + " failed: " + e.getMessage(), e)))
                .compose(r -> conn.preparedQuery("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)")
                        .execute(Tuple.of(migration.version(), migration.name())))
                .mapEmpty();
    }
}
