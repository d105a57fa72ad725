package io.revertiq.engine.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import io.revertiq.testsupport.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The statsmodels/arch reference values and series under the shared data folder. */
final class ReferenceData {
    private static final Path REFERENCE = SharedData.data("reference");

    private ReferenceData() {
    }

    static JsonNode reference() {
        try {
            return new ObjectMapper().readTree(REFERENCE.resolve("statsmodels_reference.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-column CSV with header {@code x}. */
    static double[] series(String name) {
        try {
            List<String> lines = Files.readAllLines(REFERENCE.resolve(name + ".csv"));
            if (!lines.get(0).trim().equals("x")) {
                throw new IllegalStateException("unexpected header in " + name + ": " + lines.get(0));
            }
            return lines.stream().skip(1).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToDouble(Double::parseDouble).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
