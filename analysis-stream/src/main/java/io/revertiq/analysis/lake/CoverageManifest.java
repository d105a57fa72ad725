package io.revertiq.analysis.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The JSON file beside a dataset's shards ({@code coverage.json}) listing every calendar date already fetched,
 * with the shard's sha256 and bar count; a date the provider had no bars for is listed with 0 bars and no shard,
 * so it counts as covered and is not asked for again.
 */
record CoverageManifest(String provider, String ticker, String interval, TreeMap<LocalDate, Entry> dates) {
    static final String FILE_NAME = "coverage.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One fetched date: {@code sha256} is null exactly when {@code bars} is 0 (no shard file). */
    record Entry(int bars, String sha256) {
    }

    /** The JSON document; dates are ISO strings so the file stays readable without a date module. */
    private record Document(String provider, String ticker, String interval, TreeMap<String, Entry> dates) {
    }

    static CoverageManifest read(Path lakeRoot, Dataset dataset) throws IOException {
        Path file = lakeRoot.resolve(dataset.dir()).resolve(FILE_NAME);
        TreeMap<LocalDate, Entry> dates = new TreeMap<>();
        if (Files.exists(file)) {
            Document doc = JSON.readValue(file.toFile(), Document.class);
            doc.dates().forEach((date, entry) -> dates.put(LocalDate.parse(date), entry));
        }
        return new CoverageManifest(dataset.provider(), dataset.ticker(), dataset.interval(), dates);
    }

    /** Replaces the manifest atomically, so readers never see half a file. */
    void write(Path lakeRoot, Dataset dataset) throws IOException {
        Path dir = lakeRoot.resolve(dataset.dir());
        TreeMap<String, Entry> out = new TreeMap<>();
        for (Map.Entry<LocalDate, Entry> e : dates.entrySet()) {
            out.put(e.getKey().toString(), e.getValue());
        }
        Path tmp = dir.resolve("." + FILE_NAME + "." + UUID.randomUUID() + ".tmp");
        JSON.writeValue(tmp.toFile(), new Document(provider, ticker, interval, out));
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
