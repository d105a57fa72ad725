package io.revertiq.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks JSON against the v1 API's JSON Schemas exactly as a running edge serves them ({@code GET /v1/schemas} and
 * {@code GET /v1/schemas/{name}}), with a draft 2020-12 validator: a test that validates real responses this way
 * fails as soon as a response and its published schema disagree.
 */
public final class ApiSchemaCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> idsByName;
    private final SchemaRegistry registry;

    private ApiSchemaCheck(Map<String, String> idsByName, Map<String, String> documentsById) {
        this.idsByName = idsByName;
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemas(documentsById));
    }

    /** Downloads every schema the edge at {@code baseUrl} (e.g. {@code http://localhost:8080}) lists. */
    public static ApiSchemaCheck fetch(String baseUrl) {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> ids = new LinkedHashMap<>();
        Map<String, String> documents = new LinkedHashMap<>();
        for (JsonNode entry : read(get(http, baseUrl + "/v1/schemas")).path("schemas")) {
            String name = entry.path("name").asText();
            String document = get(http, baseUrl + entry.path("href").asText());
            String id = read(document).path("$id").asText();
            assertEquals(entry.path("id").asText(), id, "the list and the schema agree on the $id of " + name);
            ids.put(name, id);
            documents.put(id, document);
        }
        return new ApiSchemaCheck(ids, documents);
    }

    public Set<String> names() {
        return idsByName.keySet();
    }

    /** The validator's complaints about {@code json} under schema {@code name}; empty when it is valid. */
    public List<String> errors(String name, String json) {
        String id = idsByName.get(name);
        if (id == null) {
            throw new IllegalArgumentException("the edge serves no schema named " + name + ": " + names());
        }
        Schema schema = registry.getSchema(SchemaLocation.of(id));
        return schema.validate(read(json)).stream().map(Error::toString).toList();
    }

    /** Fails the test, listing the complaints, unless {@code json} is valid under schema {@code name}. */
    public void assertValid(String name, String json) {
        List<String> errors = errors(name, json);
        if (!errors.isEmpty()) {
            throw new AssertionError("not a valid " + name + ": " + errors + "\n"
                    + (json.length() > 2000 ? json.substring(0, 2000) + "..." : json));
        }
    }

    private static String get(HttpClient http, String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), url + ": " + response.body());
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot GET " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while getting " + url, e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
