package io.revertiq.bench;

import io.revertiq.deploy.RevertIq;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;

/**
 * Load generator against the HTTP edge of {@code revertiq serve} on loopback (a benchmark that prints figures, not a
 * test). By default it starts {@code serve} as a child JVM on free ports with a fresh home (the embedded default,
 * exactly as {@code ./revertiq serve}), creates an enterprise tenant whose limits never refuse the load and takes a
 * key for it ({@code REVERTIQ_JAVA_OPTS} goes to that JVM, as with {@code ./revertiq}); with
 * {@code --server URL --key KEY} it measures that server instead (whose limits then apply).
 *
 * <p>Clients are closed loops over keep-alive connections (Vert.x HTTP client, one connection per client, one event
 * loop): each sends its next request when the previous answer is read. Every phase warms up before it records.
 * <ol>
 *   <li>floor: {@code GET /version} (no key, no store, a tiny body): what the HTTP stack and the machine cost;</li>
 *   <li>cached read: {@code GET /v1/analysis/{id}} of a complete W-std analysis (the full result JSON);</li>
 *   <li>cached analyze: synchronous {@code POST /v1/analyze} of that same request, answered from the pipeline's
 *   result cache (a new id each time, so admission, Kafka and the pipeline's cache path are all in it);</li>
 *   <li>analyses per minute, warm lake: distinct requests (fee_bp varied by 0.0001 bp: same bars, new data_hash, so
 *   nothing is cached but the lake and the series stage) submitted with {@code "async": true} and followed by
 *   {@code GET} every {@value #POLL_MS} ms, with {@code --concurrency} in flight, after a warm-up of the same load
 *   ({@code --analyses-warmup}, 300 s by default: on two cores the JIT needs about five minutes of it before the
 *   compiler threads stop taking a fifth of the CPU).</li>
 * </ol>
 *
 * <p>{@code mvn -q -pl deploy -am -Pbench verify -Dbench.main=io.revertiq.bench.EdgeLoadBenchmark
 * [-Dbench.args="--clients 1,8,32 --warmup 5 --duration 15 --concurrency 20 --analyses-warmup 300
 * --analyses-seconds 60"]}
 */
public final class EdgeLoadBenchmark {
    /** The W-std workload of {@link PipelineBenchmark} (2 years of 1-minute bars, 60 cells); fee_bp is the varied knob. */
    static final String REQUEST = "{\"ticker\":\"WSTD\",\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2025-12-31\"},"
            + "\"bar\":{\"interval\":\"1m\",\"rth_only\":true},\"windows\":{\"spec\":\"09:45-16:00/30m\"},"
            + "\"params\":{\"entry_grid\":[-2.5,-2.0,-1.5],\"exit_grid\":[-0.5,0.0],\"hold_grid_min\":[30,60,120],"
            + "\"side\":\"long_only\"},\"costs\":{\"fee_bp\":%s},"
            + "\"walk_forward\":{\"train_days\":120,\"test_days\":30,\"step_days\":30},"
            + "\"significance\":{\"bootstrap_samples\":10000}%s}";
    private static final int POLL_MS = 500;

    private EdgeLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.printf(Locale.ROOT, "EdgeLoadBenchmark: %d cores, clients %s, warm-up %d s, measure %d s; "
                        + "analyses: %d in flight for %d s%n", Runtime.getRuntime().availableProcessors(), o.clients,
                o.warmupSeconds, o.durationSeconds, o.concurrency, o.analysesSeconds);
        try (Target target = o.server != null ? new Target(URI.create(o.server), o.key, null, null)
                : Target.startServe(o.concurrency)) {
            System.out.println("server " + target.server + (target.process == null ? " (given)" : " (serve child JVM, home "
                    + target.home + ")"));
            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
            int maxClients = Math.max(o.concurrency, o.clients.stream().max(Integer::compare).orElse(1));
            HttpClientAgent http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                    .setDefaultHost(target.server.getHost()).setDefaultPort(target.server.getPort()),
                    new PoolOptions().setHttp1MaxSize(maxClients));
            Load load = new Load(http, target.key);
            try {
                run(o, load);
            } finally {
                http.close().await(10, TimeUnit.SECONDS);
                vertx.close().await(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void run(Options o, Load load) throws Exception {
        String identical = String.format(Locale.ROOT, REQUEST, "0.2", "");
        long t = System.nanoTime();
        // the first one runs on a cold lake: follow it rather than wait synchronously (serve's --sync-wait)
        Answer accepted = load.send(HttpMethod.POST, "/v1/analyze",
                String.format(Locale.ROOT, REQUEST, "0.2", ",\"async\":true")).await(2, TimeUnit.MINUTES);
        if (accepted.status != 202) {
            throw new IllegalStateException("the first analysis was refused: " + accepted.status + " " + accepted.body());
        }
        Answer first = load.awaitDone(accepted.json().getString("analysis_id")).await(10, TimeUnit.MINUTES);
        if (first.status != 200) {
            throw new IllegalStateException("the first analysis did not complete: " + first.body());
        }
        JsonObject result = first.json();
        String id = result.getString("analysis_id");
        String generatedAt = result.getJsonObject("provenance").getString("generated_at");
        System.out.printf(Locale.ROOT, "first W-std analysis %s complete in %.1f s (cold lake); result JSON %,d bytes%n",
                id, (System.nanoTime() - t) / 1e9, first.bytes().length());

        List<String> rows = new ArrayList<>();
        for (int clients : o.phases.contains("floor") ? o.clients : List.<Integer>of()) {
            Phase floor = Phase.closedLoop(clients, o.warmupSeconds, o.durationSeconds,
                    () -> load.send(HttpMethod.GET, "/version", null), 200);
            rows.add(floor.row("floor: GET /version", clients));
            System.out.println(rows.get(rows.size() - 1) + loadAverage());
        }
        for (int clients : o.phases.contains("get") ? o.clients : List.<Integer>of()) {
            Phase get = Phase.closedLoop(clients, o.warmupSeconds, o.durationSeconds,
                    () -> load.send(HttpMethod.GET, "/v1/analysis/" + id, null), 200);
            rows.add(get.row("cached GET /v1/analysis/{id}", clients));
            System.out.println(rows.get(rows.size() - 1) + loadAverage());
        }
        for (int clients : o.phases.contains("post") ? o.clients : List.<Integer>of()) {
            Answer probe = load.send(HttpMethod.POST, "/v1/analyze", identical).await(2, TimeUnit.MINUTES);
            String probeGeneratedAt = probe.json().getJsonObject("provenance").getString("generated_at");
            if (!generatedAt.equals(probeGeneratedAt)) {
                throw new IllegalStateException("an identical request was not answered from the result cache");
            }
            Phase post = Phase.closedLoop(clients, o.warmupSeconds, o.durationSeconds,
                    () -> load.send(HttpMethod.POST, "/v1/analyze", identical), 200);
            rows.add(post.row("cached POST /v1/analyze (sync)", clients));
            System.out.println(rows.get(rows.size() - 1) + loadAverage());
        }
        String throughput = o.phases.contains("analyses") ? analysesPerMinute(o, load) : "";

        System.out.println();
        System.out.printf(Locale.ROOT, "system load average at the end: %.2f (other work on these cores skews the figures)%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println(Phase.HEADER);
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println(throughput);
    }

    /** Distinct W-std analyses, {@code concurrency} in flight: completions per minute after a warm-up. */
    private static String analysesPerMinute(Options o, Load load) throws Exception {
        AtomicInteger knob = new AtomicInteger();
        Supplier<Future<Answer>> analysis = () -> {
            String fee = String.format(Locale.ROOT, "%.4f", 0.2 + 0.0001 * knob.incrementAndGet());
            return load.send(HttpMethod.POST, "/v1/analyze", String.format(Locale.ROOT, REQUEST, fee, ",\"async\":true"))
                    .compose(accepted -> {
                        if (accepted.status != 202) {
                            return Future.succeededFuture(accepted);
                        }
                        return load.awaitDone(accepted.json().getString("analysis_id"));
                    });
        };
        System.out.printf(Locale.ROOT, "analyses/minute: %d in flight, warm-up %d s, then %d s...%n", o.concurrency,
                o.analysesWarmupSeconds, o.analysesSeconds);
        Phase phase = Phase.closedLoop(o.concurrency, o.analysesWarmupSeconds, o.analysesSeconds, analysis, 200);
        double perMinute = phase.count / (phase.elapsedNanos / 6e10);
        return String.format(Locale.ROOT, "analyses/minute, warm lake (distinct W-std requests, %d in flight): "
                        + "%.0f per minute (%d complete in %.1f s, %d errors); request -> complete p50 %.0f ms, "
                        + "p95 %.0f ms; target >= 600/min -> %s", o.concurrency, perMinute, phase.count,
                phase.elapsedNanos / 1e9, phase.errors.get(), ms(phase.histogram, 50), ms(phase.histogram, 95),
                perMinute >= 600 ? "MET" : "NOT MET");
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "   (load average %.2f)",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e6;
    }

    /** A response: status and body. */
    /** A response as received; decoded only on demand, so the generator spends little CPU per request. */
    record Answer(int status, Buffer bytes) {
        String body() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        JsonObject json() {
            return new JsonObject(bytes);
        }
    }

    /** The requests of the benchmark over one shared client. */
    static final class Load {
        private final HttpClientAgent http;
        private final String bearer;

        Load(HttpClientAgent http, String key) {
            this.http = http;
            this.bearer = "Bearer " + key;
        }

        Future<Answer> send(HttpMethod method, String path, String json) {
            // an answer that never comes fails after this (longer than serve's 60 s sync wait), so no client stalls
            RequestOptions options = new RequestOptions().setMethod(method).setURI(path).setIdleTimeout(120_000)
                    .putHeader("Authorization", bearer);
            if (json != null) {
                options.putHeader("Content-Type", "application/json");
            }
            return http.request(options)
                    .compose(request -> json == null ? request.send() : request.send(Buffer.buffer(json)))
                    .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body)));
        }

        /** Polls the analysis until it is complete or failed; the answer carries the final status. */
        Future<Answer> awaitDone(String id) {
            Promise<Answer> done = Promise.promise();
            poll(id, done);
            return done.future();
        }

        private void poll(String id, Promise<Answer> done) {
            send(HttpMethod.GET, "/v1/analysis/" + id, null).onComplete(ar -> {
                if (ar.failed()) {
                    done.fail(ar.cause());
                    return;
                }
                Answer answer = ar.result();
                String status = answer.status == 200 ? answer.json().getString("status") : "error";
                if (status.equals("complete")) {
                    done.complete(answer);
                } else if (status.equals("failed") || status.equals("error")) {
                    done.complete(new Answer(500, answer.bytes()));
                } else {
                    Vertx.currentContext().owner().setTimer(POLL_MS, t -> poll(id, done));
                }
            });
        }
    }

    /** N closed-loop clients: warm-up (not recorded), then a recorded window of completions; latency in ns. */
    static final class Phase {
        static final String HEADER = String.format(Locale.ROOT, "%-32s %7s %9s %9s %8s %8s %8s %8s %7s",
                "measure", "clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors");
        final Histogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(10), 3);
        final AtomicInteger errors = new AtomicInteger();
        long count;
        long elapsedNanos;

        static Phase closedLoop(int clients, int warmupSeconds, int durationSeconds,
                                Supplier<Future<Answer>> request, int expectedStatus) throws InterruptedException {
            Phase phase = new Phase();
            long start = System.nanoTime();
            long recordFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
            long end = recordFrom + TimeUnit.SECONDS.toNanos(durationSeconds);
            AtomicLong completed = new AtomicLong();
            CountDownLatch finished = new CountDownLatch(clients);
            for (int c = 0; c < clients; c++) {
                phase.next(request, expectedStatus, recordFrom, end, completed, finished);
            }
            finished.await();
            phase.count = completed.get();
            phase.elapsedNanos = end - recordFrom;
            return phase;
        }

        private void next(Supplier<Future<Answer>> request, int expectedStatus, long recordFrom, long end,
                          AtomicLong completed, CountDownLatch finished) {
            long sent = System.nanoTime();
            if (sent >= end) {
                finished.countDown();
                return;
            }
            request.get().onComplete(ar -> {
                long now = System.nanoTime();
                boolean ok = ar.succeeded() && ar.result().status == expectedStatus;
                // steady state: whatever completes inside the window counts, also if it was sent during warm-up
                if (now >= recordFrom && now <= end) {
                    if (ok) {
                        histogram.recordValue(now - sent);
                        completed.incrementAndGet();
                    } else {
                        errors.incrementAndGet();
                        if (errors.get() <= 3) {
                            String why = ar.succeeded() ? ar.result().status + " " + ar.result().body()
                                    : ar.cause().toString();
                            System.out.println("  error: " + why.substring(0, Math.min(300, why.length())));
                        }
                    }
                }
                next(request, expectedStatus, recordFrom, end, completed, finished);
            });
        }

        String row(String measure, int clients) {
            return String.format(Locale.ROOT, "%-32s %7d %9d %9.0f %8.2f %8.2f %8.2f %8.2f %7d", measure, clients, count,
                    count / (elapsedNanos / 1e9), ms(histogram, 50), ms(histogram, 95), ms(histogram, 99),
                    histogram.getMaxValue() / 1e6, errors.get());
        }
    }

    /** The server under load: a serve child JVM this benchmark started (and stops), or a given one. */
    record Target(URI server, String key, Process process, Path home) implements AutoCloseable {
        static Target startServe(int concurrency) throws Exception {
            Path home = Files.createTempDirectory("revertiq-edge-bench");
            int http = freePort();
            Path log = home.resolve("serve.log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java));
            // the launcher's JVM options (./revertiq reads the same variable), e.g. a flight recording to profile
            String javaOptions = System.getenv().getOrDefault("REVERTIQ_JAVA_OPTS", "").strip();
            if (!javaOptions.isEmpty()) {
                command.addAll(List.of(javaOptions.split("\\s+")));
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), RevertIq.class.getName(), "serve",
                    "--home", home.toString(), "--http-port", "" + http, "--kafka-port", "" + freePort(),
                    "--controller-port", "" + freePort(), "--registry-port", "" + freePort()));
            Process serve = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Target target = new Target(URI.create("http://localhost:" + http), null, serve, home);
            try {
                awaitUp(serve, log, target.server);
                return new Target(target.server, benchKey(home, concurrency), serve, home);
            } catch (Exception e) {
                target.close();
                throw e;
            }
        }

        private static void awaitUp(Process serve, Path log, URI server) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline) {
                if (!serve.isAlive()) {
                    throw new IllegalStateException("serve exited:\n" + Files.readString(log));
                }
                if (Files.readString(log).contains("RevertIQ is up") && healthy(server)) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("serve did not come up:\n" + Files.readString(log));
        }

        /** The pipeline and the edge's view have their partitions: /healthz says ok. */
        private static boolean healthy(URI server) throws InterruptedException {
            try {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.resolve("/healthz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        }

        /** An enterprise tenant whose limits the load never reaches, and its key (the admin CLI beside serve). */
        private static String benchKey(Path home, int concurrency) {
            admin("admin", "tenant", "create", "bench", "--plan", "enterprise", "--analyses-per-day", "10000000",
                    "--max-concurrent", Integer.toString(Math.max(64, concurrency)), "--max-horizon-years", "20",
                    "--requests-per-minute", "100000000", "--home", home.toString());
            List<String> lines = admin("admin", "key", "create", "bench", "--home", home.toString()).lines().toList();
            return lines.get(lines.size() - 1);
        }

        private static String admin(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cli = RevertIq.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
            if (cli.execute(args) != 0) {
                throw new IllegalStateException(String.join(" ", args) + " failed: " + err);
            }
            return out.toString();
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        @Override
        public void close() throws Exception {
            if (process == null) {
                return;
            }
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            try (Stream<Path> paths = Files.walk(home)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * --server URL --key KEY --clients 1,8,32 --warmup S --duration S --concurrency N --analyses-warmup S
     * --analyses-seconds S --phases floor,get,post,analyses (a subset, e.g. to profile one)
     */
    record Options(String server, String key, List<Integer> clients, int warmupSeconds, int durationSeconds,
                   int concurrency, int analysesWarmupSeconds, int analysesSeconds, List<String> phases) {
        static Options parse(String[] raw) {
            List<String> args = new ArrayList<>();
            for (String a : raw) {
                for (String part : a.trim().split("\\s+")) {
                    if (!part.isEmpty()) {
                        args.add(part);
                    }
                }
            }
            String server = null;
            String key = null;
            List<Integer> clients = List.of(1, 8, 32);
            List<String> phases = List.of("floor", "get", "post", "analyses");
            int warmup = 5;
            int duration = 15;
            int concurrency = 20;
            int analysesWarmup = 300;
            int analysesSeconds = 60;
            for (int i = 0; i < args.size(); i += 2) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("option " + args.get(i) + " needs a value");
                }
                String value = args.get(i + 1);
                switch (args.get(i)) {
                    case "--server" -> server = value;
                    case "--key" -> key = value;
                    case "--clients" -> clients = Stream.of(value.split(",")).map(Integer::parseInt).toList();
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--duration" -> duration = Integer.parseInt(value);
                    case "--concurrency" -> concurrency = Integer.parseInt(value);
                    case "--analyses-warmup" -> analysesWarmup = Integer.parseInt(value);
                    case "--analyses-seconds" -> analysesSeconds = Integer.parseInt(value);
                    case "--phases" -> phases = List.of(value.split(","));
                    default -> throw new IllegalArgumentException("unknown argument " + args.get(i) + " (use --server URL "
                            + "--key KEY --clients 1,8,32 --warmup S --duration S --concurrency N --analyses-warmup S "
                            + "--analyses-seconds S --phases floor,get,post,analyses)");
                }
            }
            if ((server == null) != (key == null)) {
                throw new IllegalArgumentException("--server and --key go together");
            }
            if (clients.isEmpty() || clients.stream().anyMatch(c -> c < 1) || warmup < 0 || duration < 1
                    || concurrency < 1 || analysesWarmup < 0 || analysesSeconds < 1) {
                throw new IllegalArgumentException("need clients >= 1, warmup >= 0, duration >= 1, concurrency >= 1");
            }
            return new Options(server, key, clients, warmup, duration, concurrency, analysesWarmup, analysesSeconds,
                    phases);
        }
    }
}
