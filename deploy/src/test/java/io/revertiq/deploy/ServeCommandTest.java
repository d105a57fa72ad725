package io.revertiq.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code revertiq serve} as a user runs it: a separate JVM that gets healthy and stops cleanly on SIGTERM. */
class ServeCommandTest {
    private static final Pattern DEVELOPMENT_KEY = Pattern.compile("development key: (rq_[A-Za-z0-9]{32})");

    @Test
    void serveReachesHealthyAndShutsDownWithoutLeftovers() throws Exception {
        Path dataDir = Files.createTempDirectory("revertiq-serve");
        int kafka = freePort();
        int controller = freePort();
        int registry = freePort();
        int http = freePort();
        Path log = dataDir.resolve("serve.log");
        Process serve = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                RevertIq.class.getName(), "serve", "--kafka-port", "" + kafka, "--controller-port", "" + controller,
                "--registry-port", "" + registry, "--http-port", "" + http, "--home", dataDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpResponse<String> health = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && serve.isAlive()) {
                try {
                    health = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http + "/healthz"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    Thread.sleep(250);
                }
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(health != null && health.statusCode() == 200, "serve never got healthy:\n" + output);
            assertTrue(health.body().contains("\"kafka\":\"up\"") && health.body().contains("\"schema_registry\":\"up\"")
                    && health.body().contains("\"pipeline\":\"up\"") && health.body().contains("\"postgres\":\"up\""),
                    health.body());
            // admin commands beside the running serve use its PostgreSQL (they could not start a second one on the folder)
            StringWriter adminOut = new StringWriter();
            StringWriter adminErr = new StringWriter();
            CommandLine admin = RevertIq.commandLine().setOut(new PrintWriter(adminOut, true)).setErr(new PrintWriter(adminErr, true));
            assertEquals(0, admin.execute("admin", "tenant", "create", "beside-serve", "--plan", "pro", "--home", dataDir.toString()),
                    adminErr.toString());
            assertTrue(adminErr.toString().contains("using the running PostgreSQL"), adminErr.toString());
            HttpResponse<String> subjects = client.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + registry + "/config")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"compatibilityLevel\":\"BACKWARD\"}", subjects.body());
            assertTrue(Files.isDirectory(dataDir.resolve("kafka/logs/analysis.requests-0")),
                    "the catalog's topics were created in the data directory");

            // the served pipeline answers an analysis (synthetic provider, a quarter of 5-minute bars)
            try (PipelineClient pipeline = new PipelineClient("localhost:" + kafka,
                    new SchemaRegistryClient("http://localhost:" + registry))) {
                String id = pipeline.submit(RequestParser.parse("""
                        {"ticker":"SRV","horizon":{"start":"2024-01-02","end":"2024-03-28"},"bar":{"interval":"5m"},
                         "windows":{"spec":"10:00-12:00/60m"},"walk_forward":{"train_days":20,"test_days":10,"step_days":10},
                         "significance":{"min_trades":30,"bootstrap_samples":200}}"""));
                AnalysisResult result = pipeline.await(id, Duration.ofMinutes(2), status -> { });
                assertEquals("complete", result.getStatus());
                assertTrue(result.getResultJson().contains("\"provider\":\"synthetic\""), result.getResultJson());
                assertTrue(Files.exists(dataDir.resolve("objects/results/" + id + "/result.json")), "artifacts under --home");
            }
            assertTrue(health.body().contains("\"edge_view\":\"up\""), health.body());
            // the embedded default's first start created the development tenant and printed its key once
            String key = null;
            long keyDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                Matcher printed = DEVELOPMENT_KEY.matcher(read(log));
                if (printed.find()) {
                    key = printed.group(1);
                }
            } while (key == null && System.nanoTime() < keyDeadline && sleep(100));
            assertNotNull(key, () -> "no development key in:\n" + read(log));
            String bearer = "Bearer " + key;
            HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + http + "/v1/analysis/an_unknown")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            HttpResponse<String> unknown;
            long viewDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            do { // 503 UNAVAILABLE while the edge's view still takes its partitions
                unknown = client.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + http + "/v1/analysis/an_unknown"))
                        .header("Authorization", bearer).build(),
                        HttpResponse.BodyHandlers.ofString());
            } while (unknown.statusCode() == 503 && System.nanoTime() < viewDeadline && sleep(100));
            HttpResponse<String> notFound = unknown;
            assertEquals(404, notFound.statusCode(), () -> notFound.body() + "\n" + read(log));
            assertTrue(notFound.body().startsWith("{\"error\":{\"code\":\"NOT_FOUND\""), unknown.body());
            // the key is also saved, owner-only, under --home: the CLI beside this serve needs no --key
            Path keyFile = dataDir.resolve(DevelopmentKey.FILE_NAME);
            assertEquals(key, Files.readString(keyFile).strip());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
            CliRun cliStatus = CliRun.of("status", "an_unknown", "--server", "http://localhost:" + http,
                    "--home", dataDir.toString());
            assertEquals(CliFailure.INVALID_INPUT, cliStatus.exit(), cliStatus.err());
            assertTrue(cliStatus.err().startsWith("error NOT_FOUND: "), "authenticated by the saved key: " + cliStatus.err());
            HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + http + "/v1/analyze")).header("Content-Type", "application/json")
                    .header("Authorization", bearer)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ticker\":\"SRV\",\"horizon\":{\"start\":"
                            + "\"2023-01-03\",\"end\":\"2023-01-31\"},\"async\":true}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, accepted.statusCode(), () -> accepted.body() + "\n" + read(log));
            HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http
                    + accepted.headers().firstValue("Location").orElseThrow())).header("Authorization", bearer).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode(), () -> status.body() + "\n" + read(log));
            // /metrics exposes every stream service of the process; the schemas are public
            HttpResponse<String> scrape = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode());
            for (String application : List.of("revertiq-ingest", "revertiq-analysis", "revertiq-results", "revertiq-edge")) {
                assertTrue(scrape.body().contains("application=\"" + application + "\""), application);
            }
            assertTrue(scrape.body().contains("route=\"/v1/analyze\",status=\"202\""), "the submit was timed");
            HttpResponse<String> schemaList = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http
                    + "/v1/schemas")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, schemaList.statusCode(), schemaList.body());
            assertTrue(schemaList.body().contains("\"href\":\"/v1/schemas/analysis-result\""), schemaList.body());
        } finally {
            serve.destroy(); // SIGTERM, as Ctrl-C's shutdown path
        }
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve stopped within 60 s");
        assertEquals(143, serve.exitValue(), "terminated by SIGTERM after its shutdown hook ran");
        assertEquals(0, serve.descendants().count(), "no child process left behind");
        for (int port : List.of(kafka, controller, registry, http)) {
            try (ServerSocket reuse = new ServerSocket(port)) {
                assertEquals(port, reuse.getLocalPort(), "port " + port + " was released");
            }
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(output.contains("Kafka on localhost:" + kafka + " stopped"), output);
        assertTrue(output.contains("Postgres postgresql://postgres@localhost:"), output);
        assertTrue(Files.isRegularFile(dataDir.resolve("postgres/PG_VERSION")), "the embedded PostgreSQL keeps its data under --home");
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingStarts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ServeConfig(
                "localhost", 9092, 9093, 8081, 8080, Path.of("data"), null, "http://registry:8081", SYNTHETIC, 1));
        assertEquals("--registry needs --bootstrap: the embedded broker always runs its own registry", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ServeConfig(
                "localhost", 70_000, 9093, 8081, 8080, Path.of("data"), null, null, SYNTHETIC, 1));
        assertThrows(IllegalArgumentException.class, () -> new ServeConfig(
                "localhost", 9092, 9093, 8081, 8080, Path.of("data"), "no-port", null, SYNTHETIC, 1));
        assertEquals("--plant must look like TUE@10:00-11:00=0.3, got 'SAT@1-2'", assertThrows(
                IllegalArgumentException.class, () -> ProviderChoice.parsePlant("SAT@1-2")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EdgeDatabase.ServeOptions("mysql://db/revertiq", 0));
        assertThrows(IllegalArgumentException.class, () -> new EdgeDatabase.ServeOptions(null, 70_000));
        assertThrows(IllegalArgumentException.class,
                () -> new ProviderChoice(ProviderChoice.Kind.FILES, Path.of("/no/such/folder"), 0, List.of()));
    }

    private static final ProviderChoice SYNTHETIC = new ProviderChoice(ProviderChoice.Kind.SYNTHETIC, null, 7, List.of());

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
