package io.revertiq.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's main command: the planted windows come out on top, and every file it names is written. */
class DemoCommandTest {

    @Test
    void demoFindsThePlantedWindowsAndWritesItsFiles(@TempDir Path out) throws Exception {
        CliRun demo = CliRun.of("demo", "--out", out.toString());
        assertEquals(0, demo.exit(), demo.err());

        String table = demo.out();
        assertTrue(table.contains("DOW  WINDOW"), table);
        assertTrue(table.contains("data_hash sha256:"), table);
        assertTrue(demo.err().contains("100.0%"), "the progress bar reached 100%");

        Path folder;
        try (Stream<Path> entries = Files.list(out)) {
            folder = entries.filter(p -> p.getFileName().toString().startsWith("an_")).findFirst().orElseThrow();
        }
        for (String file : List.of("result.json", "windows.csv", "heatmap.png", "heatmap.svg", "manifest.json")) {
            assertTrue(Files.size(folder.resolve(file)) > 0, file);
        }
        JsonNode ranked = new ObjectMapper().readTree(folder.resolve("result.json").toFile()).get("windows_ranked");
        Set<String> top = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            assertTrue(ranked.get(i).get("significant").asBoolean());
            top.add(ranked.get(i).get("dow").asText() + " " + ranked.get(i).get("window").asText());
        }
        assertEquals(Set.of("TUE 10:00-11:00", "THU 13:00-14:00", "FRI 11:00-12:00"), top);
    }
}
