package io.revertiq.results.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revertiq.analysis.io.ResultJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactWriterTest {
    private static final String ID = "an_0123abcd";
    private static final String PARAMS = "{\"ticker\":\"SPY\",\"bar\":{\"interval\":\"5m\"}}";
    private static final String RESULT = "{\n  \"analysis_id\" : \"an_0123abcd\",\n  \"status\" : \"complete\"\n}\n";
    private static final String CSV = "rank,dow,window\n1,MON,09:30-10:00\n";

    @TempDir
    Path root;

    @Test
    void writesEveryConventionalKey() throws IOException {
        LocalObjectStore store = new LocalObjectStore(root);
        new ArtifactWriter(store).write(audit(), RESULT, CSV, HeatmapFixtures.small(), PARAMS);

        assertEquals(List.of("artifacts/an_0123abcd/heatmap.png", "artifacts/an_0123abcd/heatmap.svg",
                "results/an_0123abcd/manifest.json", "results/an_0123abcd/params.json",
                "results/an_0123abcd/result.json", "results/an_0123abcd/windows.csv"), store.list(""));
        assertArrayEquals(RESULT.getBytes(StandardCharsets.UTF_8), store.get("results/an_0123abcd/result.json").orElseThrow());
        assertArrayEquals(CSV.getBytes(StandardCharsets.UTF_8), store.get("results/an_0123abcd/windows.csv").orElseThrow());
        assertArrayEquals(PARAMS.getBytes(StandardCharsets.UTF_8), store.get("results/an_0123abcd/params.json").orElseThrow());
        assertEquals(HeatmapRenderer.svg(HeatmapFixtures.small(), HeatmapMetric.OOS_SHARPE),
                new String(store.get("artifacts/an_0123abcd/heatmap.svg").orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(ImageIO.read(new ByteArrayInputStream(store.get("artifacts/an_0123abcd/heatmap.png").orElseThrow()))
                .getWidth() > 0);
    }

    @Test
    void manifestRecordsTheAuditAndHashesThatMatchTheStoredBytes() throws IOException {
        LocalObjectStore store = new LocalObjectStore(root);
        List<StoredArtifact> written = new ArtifactWriter(store).write(audit(), RESULT, CSV, HeatmapFixtures.small(), PARAMS);
        JsonNode manifest = new ObjectMapper().readTree(store.get(ArtifactKeys.manifest(ID)).orElseThrow());

        assertEquals(ArtifactWriter.MANIFEST_VERSION, manifest.get("manifest_version").asInt());
        assertEquals(ID, manifest.get("analysis_id").asText());
        assertEquals("sha256:feed", manifest.get("data_hash").asText());
        assertEquals("c0ffee", manifest.get("request_fingerprint").asText());
        assertEquals("0.1.0", manifest.get("revertiq_version").asText());
        assertEquals("engine-1.0.0", manifest.get("engine_version").asText());
        assertEquals("nyse-2015-2027.1", manifest.get("calendar_version").asText());
        assertEquals("file", manifest.get("provider").asText());
        assertEquals("SPY/5m/2024-01-02.parquet", manifest.at("/inputs/0/name").asText());
        assertEquals("ab12", manifest.at("/inputs/0/sha256").asText());
        assertEquals(78, manifest.at("/inputs/0/bars").asLong());
        assertEquals("2025-01-02T03:04:05Z", manifest.get("generated_at").asText());

        Set<String> listed = new TreeSet<>();
        for (JsonNode artifact : manifest.get("artifacts")) {
            String key = artifact.get("key").asText();
            byte[] stored = store.get(key).orElseThrow();
            listed.add(key);
            assertEquals(ArtifactWriter.sha256(stored), artifact.get("sha256").asText(), key);
            assertEquals(stored.length, artifact.get("size_bytes").asLong(), key);
        }
        Set<String> expected = new TreeSet<>(store.list(""));
        expected.remove(ArtifactKeys.manifest(ID));
        assertEquals(expected, listed);
        assertEquals(new ArrayList<>(listed), written.stream().map(StoredArtifact::key).sorted().toList());
    }

    @Test
    void aCachedAnswerGetsCopiesOfTheOriginalsArtifactsWithItsOwnResultAndManifest() throws IOException {
        LocalObjectStore store = new LocalObjectStore(root);
        ArtifactWriter writer = new ArtifactWriter(store);
        writer.write(audit(), RESULT, CSV, HeatmapFixtures.small(), PARAMS);
        String answer = RESULT.replace(ID, "an_cached");
        List<StoredArtifact> copied = writer.copyCached(ID, "an_cached", answer).orElseThrow();

        assertEquals(5, copied.size());
        assertArrayEquals(answer.getBytes(StandardCharsets.UTF_8), store.get(ArtifactKeys.resultJson("an_cached")).orElseThrow());
        for (String name : List.of("windows.csv", "params.json")) {
            assertArrayEquals(store.get("results/" + ID + "/" + name).orElseThrow(),
                    store.get("results/an_cached/" + name).orElseThrow(), name);
        }
        assertArrayEquals(store.get(ArtifactKeys.heatmapPng(ID)).orElseThrow(),
                store.get(ArtifactKeys.heatmapPng("an_cached")).orElseThrow());
        JsonNode original = new ObjectMapper().readTree(store.get(ArtifactKeys.manifest(ID)).orElseThrow());
        JsonNode manifest = new ObjectMapper().readTree(store.get(ArtifactKeys.manifest("an_cached")).orElseThrow());
        assertEquals("an_cached", manifest.get("analysis_id").asText());
        assertEquals(ID, manifest.get("cached_from").asText());
        for (String field : List.of("data_hash", "request_fingerprint", "inputs", "generated_at", "engine_version")) {
            assertEquals(original.get(field), manifest.get(field), field);
        }
        for (JsonNode artifact : manifest.get("artifacts")) {
            String key = artifact.get("key").asText();
            assertTrue(key.contains("/an_cached/"), key);
            assertEquals(ArtifactWriter.sha256(store.get(key).orElseThrow()), artifact.get("sha256").asText(), key);
        }
        assertTrue(writer.copyCached("an_never", "an_other", answer).isEmpty(), "no manifest, nothing to copy");
        assertTrue(store.list("results/an_other").isEmpty());
    }

    @Test
    void knownDigestOfTheHashHelper() {
        // sha256("abc") from FIPS 180-2, so the manifest's hashes are plain SHA-256 hex
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                ArtifactWriter.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void analysisIdThatWouldLeaveItsFolderIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AnalysisAudit("../an_1", "sha256:feed", "c0ffee",
                "0.1.0", "engine-1.0.0", "nyse-2015-2027.1", "file", List.of(), Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> ArtifactKeys.resultJson("a/b"));
    }

    private static AnalysisAudit audit() {
        return new AnalysisAudit(ID, "sha256:feed", "c0ffee", "0.1.0", "engine-1.0.0", "nyse-2015-2027.1", "file",
                List.of(new ResultJson.Input("SPY/5m/2024-01-02.parquet", "ab12", 78)),
                Instant.parse("2025-01-02T03:04:05Z"));
    }
}
