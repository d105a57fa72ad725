package io.revertiq.results.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalObjectStoreTest {
    @TempDir
    Path root;

    @Test
    void putThenGetReturnsTheBytesAndListFindsThemByPrefix() throws IOException {
        LocalObjectStore store = new LocalObjectStore(root);
        store.put("results/an_1/result.json", bytes("{\"a\":1}"), "application/json");
        store.put("results/an_1/windows.csv", bytes("rank\n"), "text/csv");
        store.put("artifacts/an_1/heatmap.svg", bytes("<svg/>"), "image/svg+xml");

        assertArrayEquals(bytes("{\"a\":1}"), store.get("results/an_1/result.json").orElseThrow());
        assertTrue(store.exists("results/an_1/windows.csv"));
        assertFalse(store.exists("results/an_2/result.json"));
        assertEquals(Optional.empty(), store.get("results/an_2/result.json"));
        // a folder on the way to keys is not an object
        assertEquals(Optional.empty(), store.get("results/an_1"));
        assertFalse(store.exists("results/an_1"));
        assertEquals(List.of("results/an_1/result.json", "results/an_1/windows.csv"), store.list("results/an_1/"));
        // a prefix is a string prefix, as in S3, not a directory
        assertEquals(List.of("results/an_1/windows.csv"), store.list("results/an_1/w"));
        assertEquals(3, store.list("").size());
    }

    @Test
    void overwriteReplacesTheBytesAndLeavesNoTemporaryFiles() throws IOException {
        LocalObjectStore store = new LocalObjectStore(root);
        store.put("a/b.txt", bytes("first, longer content"), "text/plain");
        store.put("a/b.txt", bytes("second"), "text/plain");

        assertArrayEquals(bytes("second"), store.get("a/b.txt").orElseThrow());
        assertEquals(List.of(root.resolve("a/b.txt")), files());
    }

    @Test
    void failedPutLeavesNoTemporaryFileAndTheOldObjectIntact() throws IOException {
        LocalObjectStore store = new LocalObjectStore(root);
        store.put("a/b", bytes("inner"), "text/plain");

        // "a" is a non-empty directory, so the final rename cannot replace it
        assertThrows(IOException.class, () -> store.put("a", bytes("outer"), "text/plain"));

        assertArrayEquals(bytes("inner"), store.get("a/b").orElseThrow());
        assertEquals(List.of(root.resolve("a/b")), files());
    }

    @Test
    void listIgnoresFilesNoKeyCanName() throws IOException {
        LocalObjectStore store = new LocalObjectStore(root);
        store.put("x/y.json", bytes("{}"), "application/json");
        // what a crash mid-put leaves behind
        Files.writeString(root.resolve("x/.123.tmp"), "partial");

        assertEquals(List.of("x/y.json"), store.list("x/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "a/../../escape", "a/..", "/etc/passwd", "a//b", "a/./b", "", "a\\..\\b",
            "a/.hidden", "a/b/"})
    void refusesKeysThatAreNotPlainRelativePaths(String key) throws IOException {
        LocalObjectStore store = new LocalObjectStore(root);
        assertThrows(IllegalArgumentException.class, () -> store.put(key, bytes("x"), "text/plain"));
        assertThrows(IllegalArgumentException.class, () -> store.get(key));
        assertEquals(List.of(), files());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
