package io.revertiq.edge.db;

import static io.revertiq.edge.db.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Migrations on a real PostgreSQL: in order, once, idempotent, and once only when instances start together. */
class MigrationsTest {

    @Test
    void appliesEveryFileOnceAndThenNothing() {
        try (TestDatabase db = TestDatabase.empty(2)) {
            assertEquals(List.of(1, 2, 3, 4, 6, 7, 8), await(Migrations.migrate(db.pool)));
            assertEquals(List.of(), await(Migrations.migrate(db.pool)), "a second start applies nothing");
            List<String> recorded = new ArrayList<>();
            for (Row row : await(db.pool.query("SELECT version, name FROM schema_migrations ORDER BY version").execute())) {
                recorded.add(row.getInteger(0) + ":" + row.getString(1));
            }
            assertEquals(List.of("1:tenants", "2:jobs", "3:idempotency_keys", "4:webhooks", "6:idempotency_claims", "7:batches",
                    "8:jobs_status_heard"), recorded);
            Row starter = await(db.pool.query("SELECT * FROM plans WHERE name = 'starter'").execute()).iterator().next();
            assertEquals(200, starter.getInteger("analyses_per_day"));
            assertEquals(1, starter.getInteger("max_concurrent"));
            assertEquals(2, starter.getInteger("max_horizon_years"));
            Row pro = await(db.pool.query("SELECT * FROM plans WHERE name = 'pro'").execute()).iterator().next();
            assertEquals(List.of(2000, 5, 5), List.of(pro.getInteger("analyses_per_day"), pro.getInteger("max_concurrent"),
                    pro.getInteger("max_horizon_years")));
        }
    }

    @Test
    void instancesStartingTogetherApplyEachFileExactlyOnce() {
        try (TestDatabase db = TestDatabase.empty(1)) {
            List<Pool> instances = new ArrayList<>();
            List<Future<List<Integer>>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Pool pool = db.newPool(1);
                instances.add(pool);
                runs.add(Migrations.migrate(pool));
            }
            await(Future.all(runs));
            List<Integer> applied = runs.stream().flatMap(run -> run.result().stream()).sorted().toList();
            assertEquals(List.of(1, 2, 3, 4, 6, 7, 8), applied, "each version applied by exactly one instance");
            assertEquals((long) Migrations.FILES.size(), await(db.pool.query("SELECT count(*) FROM schema_migrations").execute())
                    .iterator().next().getLong(0));
            instances.forEach(pool -> await(pool.close()));
        }
    }

    @Test
    void aFailingFileLeavesTheSchemaAsItWas() {
        try (TestDatabase db = TestDatabase.empty(1)) {
            // a table in the way makes V2 fail after V1 ran in the same transaction
            await(db.pool.query("CREATE TABLE jobs (x integer)").execute());
            IllegalStateException failed = assertThrows(IllegalStateException.class,
                    () -> await(Migrations.migrate(db.pool)));
            assertTrue(failed.getMessage().startsWith("migration V2__jobs failed"),
                    failed.getMessage());
            Row tables = await(db.pool.query("SELECT to_regclass('tenants') IS NULL, to_regclass('schema_migrations') IS NULL")
                    .execute()).iterator().next();
            assertEquals(List.of(true, true), List.of(tables.getBoolean(0), tables.getBoolean(1)), "V1 was rolled back too");
        }
    }

    @Test
    void everyFileInTheFolderIsListed() throws URISyntaxException, java.io.IOException {
        Path folder = Path.of(Migrations.class.getResource("/db/migration").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            Set<String> onDisk = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(onDisk, Set.copyOf(Migrations.FILES));
        }
        assertEquals(Migrations.FILES.size(), Migrations.load().size());
    }
}
