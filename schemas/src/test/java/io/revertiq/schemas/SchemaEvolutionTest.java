package io.revertiq.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Schema evolution is additive: every committed version of every schema in {@code schemas/avro} can read
 * data written with the version committed before it (BACKWARD, Avro's own checker), and the working tree
 * can read the last committed version.
 */
class SchemaEvolutionTest {
    private static final Path AVRO_DIR = Path.of("avro");

    @Test
    void everySchemaIsBackwardCompatibleWithItsPreviousCommittedVersion() throws Exception {
        assumeTrue(git("rev-parse", "--is-inside-work-tree").strip().equals("true"), "needs a git checkout");
        List<Map<String, Schema>> history = new ArrayList<>();
        List<String> commits = new ArrayList<>(List.of(git("log", "--format=%H", "--reverse", "--", "avro").split("\n")));
        commits.removeIf(String::isBlank);
        for (String commit : commits) {
            Map<String, String> sources = new LinkedHashMap<>();
            for (String file : git("ls-tree", "--name-only", commit, "avro/").split("\n")) {
                if (file.endsWith(".avsc")) {
                    sources.put(file, git("show", commit + ":./" + file));
                }
            }
            history.add(parseAll(sources));
        }
        Map<String, String> working = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(AVRO_DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
                working.put(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        history.add(parseAll(working));

        List<String> broken = new ArrayList<>();
        for (int i = 1; i < history.size(); i++) {
            for (Map.Entry<String, Schema> current : history.get(i).entrySet()) {
                Schema previous = history.get(i - 1).get(current.getKey());
                if (previous != null && !canRead(current.getValue(), previous)) {
                    broken.add(current.getKey() + " (version " + i + " cannot read version " + (i - 1) + ")");
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(history.get(history.size() - 1).size() >= 10, "every topic record has a schema");
    }

    @Test
    void theCheckRefusesANonAdditiveChange() {
        Schema old = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        Schema requiredFieldAdded = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}]}");
        Schema optionalFieldAdded = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
                + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":[\"null\",\"int\"],\"default\":null}]}");
        assertFalse(canRead(requiredFieldAdded, old));
        assertTrue(canRead(optionalFieldAdded, old));
    }

    /** Parses a set of .avsc files that may refer to each other's named types, in any file order. */
    private static Map<String, Schema> parseAll(Map<String, String> sources) {
        Map<String, Schema> byName = new LinkedHashMap<>();
        List<String> pending = new ArrayList<>(sources.values());
        while (!pending.isEmpty()) {
            int before = pending.size();
            for (String source : new ArrayList<>(pending)) {
                Schema.Parser parser = new Schema.Parser();
                parser.addTypes(byName.values());
                try {
                    Schema schema = parser.parse(source);
                    byName.put(schema.getFullName(), schema);
                    parser.getTypes().values().forEach(s -> byName.putIfAbsent(s.getFullName(), s));
                    pending.remove(source);
                } catch (RuntimeException unresolvedYet) {
                    // a type it names is defined in a file not parsed yet
                }
            }
            if (pending.size() == before) {
                throw new AssertionError("schemas that cannot be parsed: " + pending);
            }
        }
        return byName;
    }

    private static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }

    private static String git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        if (process.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: "
                    + new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }
}
