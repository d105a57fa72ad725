package io.revertiq.analysis.lake;

import io.revertiq.avro.Bar;
import io.revertiq.avro.ShardRef;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.calendar.NyseCalendar;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bar lake: one Parquet file of {@link Bar} records per exchange-local calendar date (America/New_York, of
 * the bar start) at {@code market/{provider}/bars/{TICKER}/{interval}/{yyyy-MM-dd}.parquet}, plus a coverage
 * manifest per dataset. Shards keep exactly the bars the provider gave, in source order, duplicates and
 * weekend/holiday bars included: the analysis re-reads them and its sessionizer must count and drop exactly what
 * the offline path would. Every shard's sha256 is recorded, and {@link #load} refuses a shard that changed.
 */
public final class ParquetLake {
    private final Path root;
    /** One monitor per dataset folder: the file lock below only excludes other processes, not our own threads. */
    private final Map<Path, Object> monitors = new ConcurrentHashMap<>();

    private final ShardCache cache;

    public ParquetLake(Path root) {
        this(root, ShardCache.shared());
    }

    /** A lake reader with its own shard cache (another process, as far as caching goes). */
    ParquetLake(Path root, ShardCache cache) {
        this.root = root.toAbsolutePath().normalize();
        this.cache = cache;
    }

    public Path root() {
        return root;
    }

    /** Refuses names that cannot form a lake folder, so a stream can reject a record before buffering it. */
    public static void checkNames(String provider, String ticker, String interval) {
        new Dataset(provider, ticker, interval);
    }

    /** Whether {@code ticker} can name a lake folder (the request parser's rule: uppercase, 1-10 characters). */
    public static boolean isValidTicker(String ticker) {
        return ticker != null && Dataset.TICKER.matcher(ticker).matches();
    }

    /**
     * Every dataset of {@code ticker} in the lake (any provider, any interval) with the dates its manifest lists,
     * ordered by provider then interval; empty when the lake never fetched the ticker.
     */
    public List<LakeDataset> datasets(String ticker) throws IOException {
        if (!isValidTicker(ticker)) {
            throw new IllegalArgumentException("bad ticker '" + ticker + "', expected " + Dataset.TICKER.pattern());
        }
        Path market = root.resolve("market");
        List<LakeDataset> found = new ArrayList<>();
        if (!Files.isDirectory(market)) {
            return found;
        }
        try (var providers = Files.list(market)) {
            for (Path providerDir : providers.sorted().toList()) {
                Path intervals = providerDir.resolve("bars").resolve(ticker);
                String provider = providerDir.getFileName().toString();
                if (!Files.isDirectory(intervals) || !Dataset.PROVIDER.matcher(provider).matches()) {
                    continue;
                }
                try (var children = Files.list(intervals)) {
                    for (Path intervalDir : children.sorted().toList()) {
                        String interval = intervalDir.getFileName().toString();
                        if (Dataset.INTERVAL.matcher(interval).matches()
                                && Files.isRegularFile(intervalDir.resolve(CoverageManifest.FILE_NAME))) {
                            found.add(dataset(new Dataset(provider, ticker, interval)));
                        }
                    }
                }
            }
        }
        return found;
    }

    private LakeDataset dataset(Dataset dataset) throws IOException {
        TreeMap<LocalDate, Integer> bars = new TreeMap<>();
        CoverageManifest.read(root, dataset).dates().forEach((date, entry) -> bars.put(date, entry.bars()));
        return new LakeDataset(dataset.provider(), dataset.ticker(), dataset.interval(),
                dataset.dir().toString().replace('\\', '/'), bars);
    }

    /** Which dates of [from, to] have been fetched (with or without bars) and which are missing. */
    public Coverage coverage(String provider, String ticker, String interval, LocalDate from, LocalDate to)
            throws IOException {
        DateRange range = new DateRange(from, to);
        CoverageManifest manifest = CoverageManifest.read(root, new Dataset(provider, ticker, interval));
        List<LocalDate> present = new ArrayList<>();
        List<LocalDate> missing = new ArrayList<>();
        for (LocalDate date : range.dates()) {
            (manifest.dates().containsKey(date) ? present : missing).add(date);
        }
        return new Coverage(range, present, missing);
    }

    /**
     * Stores what the provider returned for [from, to]: one shard per date with bars, and every date of the range
     * recorded as fetched. Bars dated outside the range are not stored, since their dates were not queried whole.
     *
     * @return the shards written, in date order
     */
    public List<ShardRef> write(String provider, String ticker, String interval, RawBars bars, LocalDate from,
                                LocalDate to) throws IOException {
        Dataset dataset = new Dataset(provider, ticker, interval);
        DateRange range = new DateRange(from, to);
        TreeMap<LocalDate, List<Bar>> byDate = new TreeMap<>();
        for (LocalDate date : range.dates()) {
            byDate.put(date, new ArrayList<>());
        }
        splitByDate(bars, dataset, byDate, range);
        return locked(dataset, manifest -> {
            List<ShardRef> written = new ArrayList<>();
            for (Map.Entry<LocalDate, List<Bar>> day : byDate.entrySet()) {
                written.addAll(store(dataset, manifest, day.getKey(), day.getValue()));
            }
            return written;
        });
    }

    /**
     * Adds bars arriving over time (the market-bars topic) to their dates' shards, after the bars already there.
     * A bar identical to one already stored is a redelivery and is skipped, so replaying a batch changes nothing;
     * a different bar with an existing start time is kept, as the provider path keeps duplicates.
     *
     * @return the shards rewritten, in date order
     */
    public List<ShardRef> append(String provider, String ticker, String interval, RawBars bars) throws IOException {
        Dataset dataset = new Dataset(provider, ticker, interval);
        TreeMap<LocalDate, List<Bar>> byDate = new TreeMap<>();
        splitByDate(bars, dataset, byDate, null);
        return locked(dataset, manifest -> {
            List<ShardRef> written = new ArrayList<>();
            for (Map.Entry<LocalDate, List<Bar>> day : byDate.entrySet()) {
                LocalDate date = day.getKey();
                CoverageManifest.Entry known = manifest.dates().get(date);
                List<Bar> merged = new ArrayList<>();
                if (known != null && known.bars() > 0) {
                    merged.addAll(BarParquet.read(verified(shardRef(dataset, date, known))));
                }
                for (Bar bar : day.getValue()) {
                    if (!merged.contains(bar)) {
                        merged.add(bar);
                    }
                }
                written.addAll(store(dataset, manifest, date, merged));
            }
            return written;
        });
    }

    /**
     * The shards holding the bars of [from, to], in date order.
     *
     * @throws IllegalStateException when a date of the range was never fetched: a manifest with a silent gap would
     *         change the analysis without anyone noticing
     */
    public List<ShardRef> shards(String provider, String ticker, String interval, LocalDate from, LocalDate to)
            throws IOException {
        Dataset dataset = new Dataset(provider, ticker, interval);
        Coverage coverage = coverage(provider, ticker, interval, from, to);
        if (!coverage.complete()) {
            throw new IllegalStateException("lake " + dataset.dir() + " lacks dates " + coverage.missingRuns());
        }
        CoverageManifest manifest = CoverageManifest.read(root, dataset);
        List<ShardRef> shards = new ArrayList<>();
        for (Map.Entry<LocalDate, CoverageManifest.Entry> e : manifest.dates().subMap(from, true, to, true).entrySet()) {
            if (e.getValue().bars() > 0) {
                shards.add(shardRef(dataset, e.getKey(), e.getValue()));
            }
        }
        return shards;
    }

    /** The bars of the shards, shard by shard in date order, each verified against its recorded sha256. */
    public RawBars load(List<ShardRef> shards) throws IOException {
        List<ShardRef> ordered = new ArrayList<>(shards);
        ordered.sort(Comparator.comparing(ShardRef::getDate));
        RawBars.Builder out = new RawBars.Builder(ordered.stream().mapToInt(ShardRef::getBars).sum());
        for (ShardRef shard : ordered) {
            String path = root.resolve(shard.getPath()).toString();
            RawBars bars = cache.get(path, shard.getSha256());
            if (bars == null) {
                RawBars.Builder one = new RawBars.Builder(shard.getBars());
                for (Bar bar : BarParquet.read(verified(shard))) {
                    BarRecords.add(one, bar);
                }
                bars = one.build();
                cache.put(path, shard.getSha256(), bars);
            }
            for (int i = 0; i < bars.size(); i++) {
                out.add(bars.t[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i], bars.vwap[i]);
            }
        }
        return out.build();
    }

    private static void splitByDate(RawBars bars, Dataset dataset, TreeMap<LocalDate, List<Bar>> byDate,
                                    DateRange keep) {
        for (int i = 0; i < bars.size(); i++) {
            LocalDate date = Instant.ofEpochMilli(bars.t[i]).atZone(NyseCalendar.ZONE).toLocalDate();
            if (keep == null || keep.contains(date)) {
                byDate.computeIfAbsent(date, d -> new ArrayList<>())
                        .add(BarRecords.toBar(bars, i, dataset.ticker(), dataset.interval(), dataset.provider()));
            }
        }
    }

    /** Writes one date (temp file, then an atomic move) and records it in the manifest; no bars, no file. */
    private List<ShardRef> store(Dataset dataset, CoverageManifest manifest, LocalDate date, List<Bar> bars)
            throws IOException {
        Path target = root.resolve(dataset.dir()).resolve(date + ".parquet");
        if (bars.isEmpty()) {
            Files.deleteIfExists(target);
            manifest.dates().put(date, new CoverageManifest.Entry(0, null));
            return List.of();
        }
        Path tmp = target.resolveSibling("." + date + "." + UUID.randomUUID() + ".tmp");
        try {
            BarParquet.write(tmp, bars);
            String sha = sha256(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            // the bars just written are what the next load of this shard decodes: keep them decoded
            cache.put(target.toString(), sha, BarRecords.toRawBars(bars));
            CoverageManifest.Entry entry = new CoverageManifest.Entry(bars.size(), sha);
            manifest.dates().put(date, entry);
            return List.of(shardRef(dataset, date, entry));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private ShardRef shardRef(Dataset dataset, LocalDate date, CoverageManifest.Entry entry) {
        String path = dataset.dir().resolve(date + ".parquet").toString().replace('\\', '/');
        return new ShardRef(date.toString(), path, entry.sha256(), entry.bars());
    }

    /** The shard's file, once its bytes are known to hash to the recorded sha256. */
    private Path verified(ShardRef shard) throws IOException {
        Path file = root.resolve(shard.getPath()).normalize();
        if (!file.startsWith(root)) {
            throw new CorruptShardException(shard.getPath(), "path leaves the lake root");
        }
        if (!Files.isRegularFile(file)) {
            throw new CorruptShardException(shard.getPath(), "file is missing");
        }
        String actual = sha256(file);
        if (!actual.equals(shard.getSha256())) {
            throw new CorruptShardException(shard.getPath(),
                    "sha256 " + actual + " does not match the recorded " + shard.getSha256());
        }
        return file;
    }

    private interface ManifestUpdate<T> {
        T apply(CoverageManifest manifest) throws IOException;
    }

    /** Read-modify-write of a dataset's manifest, exclusive against our threads and other processes. */
    private <T> T locked(Dataset dataset, ManifestUpdate<T> update) throws IOException {
        Path dir = root.resolve(dataset.dir());
        Files.createDirectories(dir);
        synchronized (monitors.computeIfAbsent(dir, d -> new Object())) {
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                CoverageManifest manifest = CoverageManifest.read(root, dataset);
                T result = update.apply(manifest);
                manifest.write(root, dataset);
                return result;
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
