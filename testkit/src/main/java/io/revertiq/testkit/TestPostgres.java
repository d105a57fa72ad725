package io.revertiq.testkit;

import io.revertiq.platform.postgres.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL a test JVM shares: started on the first call of {@link TestPlatform#postgres()} (tests that never
 * ask do not pay its ~4 s) and stopped when the JVM exits. Tests isolate themselves with {@link #freshDatabase()}.
 */
public final class TestPostgres {
    private final EmbeddedPostgresServer server;
    private final AtomicInteger databases = new AtomicInteger();

    TestPostgres(EmbeddedPostgresServer server) {
        this.server = server;
    }

    /** Creates an empty database and returns its {@code postgresql://} URL, so tests never see each other's rows. */
    public String freshDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return "postgresql://postgres@localhost:" + server.port() + "/" + name;
    }
}
