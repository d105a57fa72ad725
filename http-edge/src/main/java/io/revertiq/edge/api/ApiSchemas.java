package io.revertiq.edge.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON Schemas (draft 2020-12) of every object of the v1 API, shipped as resources: {@value #FOLDER}/index.txt
 * names them, one per line, and each is {@code {name}.json} beside it with the {@code $id} {@value #ID_BASE}{name}
 * (schemas refer to each other by name, e.g. {@code "$ref": "window"}). Loading checks every listed file, so a
 * broken schema stops the edge at start-up rather than being served.
 */
public final class ApiSchemas {
    public static final String ID_BASE = "https://revertiq.io/schemas/v1/";
    static final String FOLDER = "/io/revertiq/edge/schemas/";
    private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One schema: its name, title and the document as shipped. */
    public record Schema(String name, String title, byte[] document) {
    }

    private final Map<String, Schema> byName;

    private ApiSchemas(Map<String, Schema> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    public static ApiSchemas load() {
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (String name : index()) {
            byte[] document = resource(name + ".json");
            JsonNode root;
            try {
                root = JSON.readTree(document);
            } catch (IOException e) {
                throw new IllegalStateException("schema " + name + " is not JSON", e);
            }
            require(name, DIALECT.equals(root.path("$schema").asText()), "$schema must be " + DIALECT);
            require(name, (ID_BASE + name).equals(root.path("$id").asText()), "$id must be " + ID_BASE + name);
            require(name, root.path("title").isTextual(), "it needs a title");
            require(name, schemas.put(name, new Schema(name, root.path("title").asText(), document)) == null,
                    "it is listed twice");
        }
        return new ApiSchemas(schemas);
    }

    public List<Schema> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Schema> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    private static List<String> index() {
        List<String> names = new ArrayList<>();
        try (InputStream in = stream("index.txt");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema index", e);
        }
        return names;
    }

    private static byte[] resource(String file) {
        try (InputStream in = stream(file)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file, e);
        }
    }

    private static InputStream stream(String file) {
        InputStream in = ApiSchemas.class.getResourceAsStream(FOLDER + file);
        if (in == null) {
            throw new IllegalStateException("the schema index lists " + file + " but there is no such resource");
        }
        return in;
    }

    private static void require(String name, boolean holds, String rule) {
        if (!holds) {
            throw new IllegalStateException("schema " + name + ": " + rule);
        }
    }
}
