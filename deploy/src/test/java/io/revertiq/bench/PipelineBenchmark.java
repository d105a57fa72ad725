package io.revertiq.bench;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.avro.AnalysisState;
import io.revertiq.avro.AnalysisStatus;
import io.revertiq.deploy.Pipeline;
import io.revertiq.deploy.PipelineClient;
import io.revertiq.edge.BuildInfo;
import io.revertiq.engine.synthetic.SyntheticMarket.PlantedCell;
import io.revertiq.ingest.provider.SyntheticProvider;
import io.revertiq.platform.LocalPlatform;
import io.revertiq.schemas.Topics;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * End-to-end pipeline benchmark (a load generator that prints its figures, not a test): the embedded platform,
 * the three stream services and the W-std workload (2 years of synthetic 1-minute RTH bars, 60 cells, 3x2x3 grid,
 * walk-forward 120/30/30, 10,000 bootstrap samples), submitted through {@link PipelineClient}.
 *
 * <ul>
 *   <li>cold: the first request for the ticker (ingest generates and writes the lake shards);</li>
 *   <li>warm: the same bars, fdr_alpha changed per run so data_hash differs and the result cache cannot answer
 *   (the first {@code --warmup} such runs only warm the JIT: printed, left out of the summary);</li>
 *   <li>cached: a request identical to the cold one, answered from the result cache.</li>
 * </ul>
 * Each run is split by the wall-clock {@code updated_at} of its status events: ingest (submit -> "zseries"),
 * z-series + fan-out ("zseries" -> "cells" 0%), cells ("cells" 0% -> 100%), assembly (100% -> result received).
 *
 * <p>{@code mvn -q -pl deploy -am -Pbench verify -Dbench.main=io.revertiq.bench.PipelineBenchmark
 * [-Dbench.args="--warmup 3 --warm 5 --cached 3 --threads 2"]}
 */
public final class PipelineBenchmark {
    static final List<PlantedCell> PLANTED = List.of(new PlantedCell(2, 600, 660, 0.3),
            new PlantedCell(4, 780, 840, 0.3), new PlantedCell(5, 660, 720, 0.25));
    static final String REQUEST = "{\"ticker\":\"%s\",\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2025-12-31\"},"
            + "\"bar\":{\"interval\":\"1m\",\"rth_only\":true},\"windows\":{\"spec\":\"09:45-16:00/30m\"},"
            + "\"params\":{\"entry_grid\":[-2.5,-2.0,-1.5],\"exit_grid\":[-0.5,0.0],\"hold_grid_min\":[30,60,120],"
            + "\"side\":\"long_only\"},\"walk_forward\":{\"train_days\":120,\"test_days\":30,\"step_days\":30},"
            + "\"significance\":{\"fdr_alpha\":%s,\"bootstrap_samples\":10000}}";

    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Path data = o.dataDir != null ? o.dataDir : Files.createTempDirectory("revertiq-bench");
        System.out.printf(Locale.ROOT, "PipelineBenchmark W-std: ticker %s, warm-up runs %d, warm runs %d, "
                        + "cached runs %d, stream threads %d, %d cores, data %s%n", o.ticker, o.warmup, o.warm,
                o.cached, o.threads, Runtime.getRuntime().availableProcessors(), data);
        long t = System.nanoTime();
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Config(null, data.resolve("kafka"),
                "localhost", 0, 0, 0))) {
            long platformMs = ms(System.nanoTime() - t);
            t = System.nanoTime();
            SchemaRegistryClient registry = new SchemaRegistryClient(platform.registryUrl());
            try (Pipeline pipeline = Pipeline.start(new Pipeline.Config(platform.bootstrapServers(),
                    platform.registryUrl(), data, new SyntheticProvider(7, PLANTED), "bench", BuildInfo.VERSION,
                    o.threads, Duration.ofHours(24))).awaitRunning(Duration.ofSeconds(120));
                 StatusListener statuses = new StatusListener(platform.bootstrapServers(), registry);
                 PipelineClient client = new PipelineClient(platform.bootstrapServers(), registry)) {
                System.out.printf(Locale.ROOT, "platform ready %d ms, pipeline RUNNING %d ms%n", platformMs,
                        ms(System.nanoTime() - t));
                List<Run> runs = new ArrayList<>();
                runs.add(run("cold", o.ticker, "0.10", client, statuses));
                // fdr_alpha 0.11, 0.12, ...: the bars are the same, data_hash (over the canonical params) is not;
                // the first --warmup of them only warm the JIT and are left out of the summary
                int alpha = 10;
                for (int i = 1; i <= o.warmup; i++) {
                    runs.add(run("warmup" + i, o.ticker, String.format(Locale.ROOT, "0.%02d", ++alpha), client,
                            statuses));
                }
                for (int i = 1; i <= o.warm; i++) {
                    runs.add(run("warm" + i, o.ticker, String.format(Locale.ROOT, "0.%02d", ++alpha), client,
                            statuses));
                }
                for (int i = 1; i <= o.cached; i++) {
                    runs.add(run("cached" + i, o.ticker, "0.10", client, statuses));
                }
                report(runs);
            }
        } finally {
            if (o.dataDir == null) {
                deleteTree(data);
            }
        }
    }

    private static Run run(String label, String ticker, String alpha, PipelineClient client, StatusListener statuses)
            throws InterruptedException {
        String json = String.format(Locale.ROOT, REQUEST, ticker, alpha);
        var params = RequestParser.parse(json);
        long submitted = System.currentTimeMillis();
        String id = client.submit(params);
        AnalysisResult result = client.await(id, Duration.ofMinutes(10), s -> { });
        long received = System.currentTimeMillis();
        // the complete status may come in a later poll than the result: give the listener a moment
        List<AnalysisStatus> seen = statuses.awaitComplete(id, Duration.ofSeconds(5));
        Run run = new Run(label, alpha, id, submitted, received, result.getGeneratedAt().toEpochMilli(),
                result.getCachedFrom() != null, seen);
        System.out.println(run.row());
        return run;
    }

    private static void report(List<Run> runs) {
        System.out.println();
        System.out.println("W-std request -> result (ms); stages from the status events' updated_at");
        System.out.println(Run.HEADER);
        runs.forEach(r -> System.out.println(r.row()));
        List<Run> warm = runs.stream().filter(r -> r.label.matches("warm\\d+")).toList();
        if (!warm.isEmpty()) {
            System.out.println();
            System.out.printf(Locale.ROOT, "warm lake, %d runs: median [min..max] ms%n", warm.size());
            summary("total", warm, r -> r.total());
            summary("ingest", warm, r -> r.ingest());
            summary("zseries+fan-out", warm, r -> r.zseries());
            summary("cells", warm, r -> r.cells());
            summary("assembly", warm, r -> r.assembly());
            summary("  pick-up (submit->ingesting)", warm, r -> r.pickup());
            summary("  compute (100% -> generated_at)", warm, r -> r.assemblyCompute());
        }
        List<Run> cached = runs.stream().filter(r -> r.label.startsWith("cached")).toList();
        if (!cached.isEmpty()) {
            System.out.printf(Locale.ROOT, "result cache, %d runs: median [min..max] ms%n", cached.size());
            summary("total", cached, r -> r.total());
            summary("ingest (submit -> cache answer)", cached, r -> r.ingest());
        }
        long target = 1500;
        long median = warm.isEmpty() ? -1 : median(warm.stream().mapToLong(Run::total).toArray());
        System.out.printf(Locale.ROOT, "target W-std <= %d ms request->result on 2 cores: warm median %d ms -> %s%n",
                target, median, median >= 0 && median <= target ? "MET" : "NOT MET");
    }

    private static void summary(String name, List<Run> runs, ToLongFunction<Run> f) {
        long[] xs = runs.stream().mapToLong(f).filter(x -> x >= 0).toArray();
        if (xs.length == 0) {
            return;
        }
        Arrays.sort(xs);
        System.out.printf(Locale.ROOT, "  %-34s %7d [%d..%d]%n", name, median(xs), xs[0], xs[xs.length - 1]);
    }

    private static long median(long[] xs) {
        long[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One request: its wall-clock marks (epoch ms) and the status events it produced. */
    record Run(String label, String alpha, String id, long submitted, long received, long generatedAt,
               boolean fromCache, List<AnalysisStatus> statuses) {
        static final String HEADER = String.format(Locale.ROOT, "%-8s %5s %7s %7s %9s %7s %8s  %s",
                "run", "alpha", "total", "ingest", "zs+fanout", "cells", "assembly", "analysis_id");

        long at(java.util.function.Predicate<AnalysisStatus> p) {
            long at = -1;
            for (AnalysisStatus s : statuses) {
                if (p.test(s)) {
                    at = Math.max(at, s.getUpdatedAt().toEpochMilli());
                }
            }
            return at;
        }

        long ingesting() {
            return at(s -> s.getStatus() == AnalysisState.ingesting);
        }

        long zseriesAt() {
            return at(s -> s.getStatus() == AnalysisState.running && "zseries".equals(s.getStage()));
        }

        long cellsStart() {
            return at(s -> s.getStatus() == AnalysisState.running && "cells".equals(s.getStage())
                    && s.getCellsDone() == 0);
        }

        long cellsDone() {
            return at(s -> s.getStatus() == AnalysisState.running && "cells".equals(s.getStage())
                    && s.getCellsTotal() > 0 && s.getCellsDone() == s.getCellsTotal());
        }

        long total() {
            return received - submitted;
        }

        long pickup() {
            return span(submitted, ingesting());
        }

        /** The result cache answers in the fan-out, after ingest: its status marks the end of ingest. */
        long cacheAnswer() {
            return at(s -> s.getStatus() == AnalysisState.complete && "cache".equals(s.getStage()));
        }

        long ingest() {
            return fromCache ? span(submitted, cacheAnswer()) : span(submitted, zseriesAt());
        }

        long zseries() {
            return span(zseriesAt(), cellsStart());
        }

        long cells() {
            return span(cellsStart(), cellsDone());
        }

        long assembly() {
            return fromCache ? span(cacheAnswer(), received) : span(cellsDone(), received);
        }

        long assemblyCompute() {
            return span(cellsDone(), generatedAt);
        }

        private static long span(long from, long to) {
            return from < 0 || to < 0 ? -1 : to - from;
        }

        String row() {
            return String.format(Locale.ROOT, "%-8s %5s %7d %7s %9s %7s %8s  %s%s", label, alpha, total(),
                    cell(ingest()), cell(zseries()), cell(cells()), cell(assembly()), id,
                    fromCache ? " (result cache)" : "");
        }

        private static String cell(long v) {
            return v < 0 ? "-" : Long.toString(v);
        }
    }

    /** Every status event on the status topic, by analysis_id, read as any client reads it (read_committed). */
    static final class StatusListener implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Deserializer<AnalysisStatus> deserializer;
        private final Map<String, List<AnalysisStatus>> byId = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        StatusListener(String bootstrapServers, SchemaRegistryClient registry) {
            this.deserializer = Topics.ANALYSIS_STATUS.valueSerde(registry).deserializer();
            this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(Topics.ANALYSIS_STATUS.name())) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = new Thread(this::loop, "bench-status-listener");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.key() == null || r.value() == null) {
                            continue;
                        }
                        AnalysisStatus s = deserializer.deserialize(r.topic(), r.value());
                        byId.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8),
                                k -> new CopyOnWriteArrayList<>()).add(s);
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }

        List<AnalysisStatus> awaitComplete(String id, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                List<AnalysisStatus> seen = byId.getOrDefault(id, List.of());
                if (seen.stream().anyMatch(s -> s.getStatus() == AnalysisState.complete)) {
                    return List.copyOf(seen);
                }
                Thread.sleep(20);
            }
            return List.copyOf(byId.getOrDefault(id, List.of()));
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(5000);
        }
    }

    /** --warmup N --warm N --cached N --threads N --ticker T --data DIR (blank arguments ignored). */
    record Options(int warmup, int warm, int cached, int threads, String ticker, Path dataDir) {
        static Options parse(String[] raw) {
            List<String> args = new ArrayList<>();
            for (String a : raw) {
                for (String part : a.trim().split("\\s+")) {
                    if (!part.isEmpty()) {
                        args.add(part);
                    }
                }
            }
            int warmup = 3;
            int warm = 5;
            int cached = 3;
            int threads = 2;
            String ticker = "WSTD";
            Path data = null;
            for (int i = 0; i < args.size(); i++) {
                String value = i + 1 < args.size() ? args.get(i + 1) : null;
                switch (args.get(i)) {
                    case "--warmup" -> warmup = Integer.parseInt(value);
                    case "--warm" -> warm = Integer.parseInt(value);
                    case "--cached" -> cached = Integer.parseInt(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--ticker" -> ticker = value;
                    case "--data" -> data = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown argument " + args.get(i)
                            + " (use --warmup N --warm N --cached N --threads N --ticker T --data DIR)");
                }
                i++;
            }
            if (warmup < 0 || warm < 1 || cached < 0 || warmup + warm > 39 || threads < 1) {
                throw new IllegalArgumentException("need warmup >= 0, warm >= 1, warmup + warm <= 39 (fdr_alpha "
                        + "0.11..0.50), cached >= 0, threads >= 1");
            }
            return new Options(warmup, warm, cached, threads, ticker, data);
        }
    }
}
