package io.revertiq.platform.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 14 started from the binaries zonky publishes on Maven Central, for the embedded default
 * ({@code serve}, the admin CLI) and the tests; production points RevertIQ at a connection URL instead.
 * The server runs as a child process; it trusts local connections as user {@code postgres}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** Line 4 of {@code postmaster.pid} is the port (PostgreSQL's documented lock-file layout). */
    private static final int PID_FILE_PORT_LINE = 3;

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts on {@code dataDir}, keeping what is there (initialised on first use), on {@code port}
     * (0 picks a free one).
     */
    public static EmbeddedPostgresServer persistent(Path dataDir, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("Postgres port must be 0..65535 (0 picks a free port), got " + port);
        }
        try {
            Files.createDirectories(dataDir.getParent() == null ? Path.of(".") : dataDir.getParent());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false);
            if (port != 0) {
                builder.setPort(port);
            }
            return start(builder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL on " + dataDir, e);
        }
    }

    /** Starts on a fresh temporary data directory that is deleted on {@link #close()}, on a free port. */
    public static EmbeddedPostgresServer temporary() {
        try {
            return start(EmbeddedPostgres.builder());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a temporary PostgreSQL", e);
        }
    }

    private static EmbeddedPostgresServer start(EmbeddedPostgres.Builder builder) throws IOException {
        long begin = System.nanoTime();
        // the first start unpacks the binaries; a loaded 2-core machine needs more than zonky's 10 s default
        EmbeddedPostgres postgres = builder.setPGStartupWait(Duration.ofSeconds(60)).start();
        LOG.info("PostgreSQL on port {} ({} ms)", postgres.getPort(), (System.nanoTime() - begin) / 1_000_000);
        return new EmbeddedPostgresServer(postgres);
    }

    /**
     * The connection URL of a PostgreSQL already running on {@code dataDir} (a {@code serve}, or another admin
     * command), if any. PostgreSQL itself writes its port into {@code postmaster.pid} and removes the file on a
     * clean stop; after a crash the file stays, so the URL is only returned when the port also accepts connections.
     */
    public static Optional<String> runningOn(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() <= PID_FILE_PORT_LINE) {
                return Optional.empty(); // written while the server starts; treat as not ready
            }
            int port = Integer.parseInt(lines.get(PID_FILE_PORT_LINE).trim());
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 1000);
            }
            return Optional.of(url(port));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String url(int port) {
        return "postgresql://postgres@localhost:" + port + "/postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    /** {@code postgresql://postgres@localhost:PORT/postgres}: what the Vert.x Pg Client and the CLI take. */
    public String url() {
        return url(port());
    }

    /** A JDBC URL of database {@code database}, for tooling that speaks JDBC (the tests create databases with it). */
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        }
    }
}
