package io.revertiq.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.revertiq.analysis.io.BarFileWriter;
import io.revertiq.analysis.io.ResultJson;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.synthetic.SyntheticMarket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section 8: same inputs give byte-identical results apart from generated_at and ids; data_hash covers the bars used
 * and the resolved parameters, not the file bytes or the request's spelling.
 */
class DeterminismTest {
    private static final LocalDate FROM = LocalDate.of(2023, 1, 3);
    private static final LocalDate TO = LocalDate.of(2023, 12, 29);
    private static final String REQUEST = "{\"ticker\":\"SYN\",\"horizon\":{\"start\":\"2023-01-03\",\"end\":\"2023-12-29\"},"
            + "\"bar\":{\"interval\":\"5m\"},\"windows\":{\"spec\":\"10:00-15:00/60m\"},"
            + "\"params\":{\"entry_grid\":[-2.0,-1.5,-1.0],\"exit_grid\":[0.0],\"hold_grid_min\":[30,60]},"
            + "\"walk_forward\":{\"train_days\":60,\"test_days\":20,\"step_days\":20},"
            + "\"significance\":{\"min_trades\":30,\"bootstrap_samples\":2000}}";
    /** The same resolved parameters: keys reordered, defaults spelled out, days unsorted, explicit nulls. */
    private static final String SAME_REQUEST_RESPELLED = "{\"significance\":{\"bootstrap_samples\":2000,\"min_trades\":30,"
            + "\"fdr_alpha\":0.1},\"walk_forward\":{\"step_days\":20,\"test_days\":20,\"train_days\":60},"
            + "\"params\":{\"side\":\"long_only\",\"hold_grid_min\":[30,60],\"exit_grid\":[0],\"entry_grid\":[-2,-1.5,-1.0]},"
            + "\"windows\":{\"days\":[\"FRI\",\"MON\",\"WED\",\"TUE\",\"THU\"],\"spec\":\"10:00-15:00/60m\"},"
            + "\"bar\":{\"rth_only\":true,\"interval\":\"5m\",\"adjusted\":null},\"costs\":{\"fee_bp\":0.2,\"spread_bp\":0.5},"
            + "\"signal\":{\"detrend\":{\"method\":\"sma\",\"lookback\":20}},\"output\":null,"
            + "\"horizon\":{\"end\":\"2023-12-29\",\"start\":\"2023-01-03\"},\"ticker\":\"SYN\"}";

    private static Path plainFile;
    private static Path gzFile;
    private static Path otherSeedFile;

    @BeforeAll
    static void writeBars(@TempDir Path dir) throws Exception {
        RawBars bars = market(7);
        plainFile = dir.resolve("syn.csv");
        gzFile = dir.resolve("syn.csv.gz");
        otherSeedFile = dir.resolve("syn_other.csv");
        BarFileWriter.writeCsv(bars, plainFile);
        BarFileWriter.writeCsv(bars, gzFile);
        BarFileWriter.writeCsv(market(8), otherSeedFile);
    }

    private static RawBars market(long seed) {
        return SyntheticMarket.builder(seed).dates(FROM, TO).barMinutes(5).plant(3, 11 * 60, 12 * 60, 0.4).generate();
    }

    private static OfflineAnalyzer analyzerAt(String instant) {
        return new OfflineAnalyzer("test", Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void twoRunsAreByteIdenticalApartFromIdAndTimestamp() throws Exception {
        OfflineAnalyzer.Report a = analyzerAt("2025-01-01T00:00:00Z").analyze(plainFile, REQUEST, EndToEnd.QUIET);
        OfflineAnalyzer.Report b = analyzerAt("2025-06-30T12:34:56Z").analyze(plainFile, REQUEST, EndToEnd.QUIET);
        String ja = a.json();
        String jb = b.json();
        assertNotEquals(ja, jb, "the runs differ in analysis_id and generated_at");
        assertNotEquals(a.response().get("analysis_id").asText(), b.response().get("analysis_id").asText());
        assertEquals("2025-01-01T00:00:00Z", a.response().get("provenance").get("generated_at").asText());
        assertEquals("2025-06-30T12:34:56Z", b.response().get("provenance").get("generated_at").asText());
        // blank exactly the two run-identity fields in the rendered text: the rest is byte-identical
        assertEquals(blankRunIdentity(ja), blankRunIdentity(jb));
        assertEquals(ResultJson.toText(EndToEnd.withoutRunIdentity(a.response())),
                ResultJson.toText(EndToEnd.withoutRunIdentity(b.response())));
        assertEquals(a.windowsCsv(), b.windowsCsv());
        // the comparison covers real content: cells were tested and bootstrapped
        JsonNode g = a.response().get("global_stats");
        assertTrue(g.get("cells_in_family").asInt() > 0, "some cells have p-values (bootstrap is seeded)");
        assertEquals(26, a.windowsCsv().split("\n").length, "header + 25 cells");
    }

    @Test
    void writtenResultFilesAreIdenticalToo(@TempDir Path out) throws Exception {
        OfflineAnalyzer.Report a = EndToEnd.analyze(plainFile, REQUEST);
        OfflineAnalyzer.Report b = EndToEnd.analyze(plainFile, REQUEST);
        a.writeTo(out.resolve("a"));
        b.writeTo(out.resolve("b"));
        assertEquals(blankRunIdentity(java.nio.file.Files.readString(out.resolve("a/result.json"))),
                blankRunIdentity(java.nio.file.Files.readString(out.resolve("b/result.json"))));
        assertEquals(-1L, java.nio.file.Files.mismatch(out.resolve("a/windows.csv"), out.resolve("b/windows.csv")));
    }

    @Test
    void dataHashCoversBarsAndResolvedParametersNotFileBytesOrSpelling() throws Exception {
        OfflineAnalyzer.Report plain = EndToEnd.analyze(plainFile, REQUEST);
        OfflineAnalyzer.Report gz = EndToEnd.analyze(gzFile, REQUEST);
        OfflineAnalyzer.Report respelled = EndToEnd.analyze(plainFile, SAME_REQUEST_RESPELLED);
        OfflineAnalyzer.Report otherSeed = EndToEnd.analyze(otherSeedFile, REQUEST);
        OfflineAnalyzer.Report otherParams = EndToEnd.analyze(plainFile,
                REQUEST.replace("\"min_trades\":30", "\"min_trades\":31"));
        String h = hash(plain);
        assertTrue(h.matches("sha256:[0-9a-f]{64}"), h);
        // same bars from a gzip file: same data_hash, different input file hash
        assertEquals(h, hash(gz));
        assertNotEquals(input(plain), input(gz));
        assertEquals(blankInputs(plain), blankInputs(gz), "the whole result is identical apart from the input file");
        // same resolved parameters spelled differently: same canonical JSON, same hash, same result
        assertEquals(h, hash(respelled));
        assertEquals(EndToEnd.withoutRunIdentity(plain.response()), EndToEnd.withoutRunIdentity(respelled.response()));
        // different bars, or any different parameter: different hash
        assertNotEquals(h, hash(otherSeed));
        assertNotEquals(h, hash(otherParams));
        // and the bootstrap seeds follow the hash: the p-values of the other seed's market differ
        assertNotEquals(plain.windowsCsv(), otherSeed.windowsCsv());
    }

    private static String hash(OfflineAnalyzer.Report r) {
        return r.response().get("provenance").get("data_hash").asText();
    }

    private static String input(OfflineAnalyzer.Report r) {
        return r.response().get("provenance").get("inputs").get(0).get("sha256").asText();
    }

    private static JsonNode blankInputs(OfflineAnalyzer.Report r) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = EndToEnd.withoutRunIdentity(r.response());
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("provenance")).remove("inputs");
        return copy;
    }

    private static String blankRunIdentity(String json) {
        String out = json.replaceFirst("\"analysis_id\":\"an_[0-9a-f]{32}\"", "\"analysis_id\":\"X\"")
                .replaceFirst("\"generated_at\":\"[^\"]+\"", "\"generated_at\":\"X\"");
        assertTrue(out.contains("\"analysis_id\":\"X\"") && out.contains("\"generated_at\":\"X\""), "fields found");
        return out;
    }
}
