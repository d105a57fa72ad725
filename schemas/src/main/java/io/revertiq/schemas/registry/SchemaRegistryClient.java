package io.revertiq.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Client of the Confluent Schema Registry REST API (v1 content type), so it works unchanged against
 * Confluent, Apicurio's ccompat API (base URL {@code .../apis/ccompat/v7}), Karapace and our own endpoint.
 * Registered ids and fetched schemas are cached: a schema id never changes meaning.
 */
public final class SchemaRegistryClient {
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final Duration timeout;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public SchemaRegistryClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(30));
    }

    public SchemaRegistryClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code POST /subjects/{s}/versions}: registers (or finds) the schema and returns its global id. */
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> known = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = known.get(schema);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = call("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
        int id = reply.path("id").asInt();
        known.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /** {@code POST /subjects/{s}}: the version and id of a schema already registered under a subject. */
    public SchemaVersion lookup(String subject, Schema schema) {
        JsonNode reply = call("POST", "/subjects/" + enc(subject), schemaBody(schema));
        SchemaVersion found = version(reply);
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, found.id());
        return found;
    }

    /** {@code GET /schemas/ids/{id}}, cached forever. */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = call("GET", "/schemas/ids/" + id, null);
        Schema parsed = new Schema.Parser().parse(reply.path("schema").asText());
        schemasById.putIfAbsent(id, parsed);
        return parsed;
    }

    /** {@code GET /subjects/{s}/versions/latest}. */
    public SchemaVersion latest(String subject) {
        return version(call("GET", "/subjects/" + enc(subject) + "/versions/latest", null));
    }

    /** {@code GET /subjects/{s}/versions/{v}}. */
    public SchemaVersion version(String subject, int version) {
        return version(call("GET", "/subjects/" + enc(subject) + "/versions/" + version, null));
    }

    /** {@code GET /subjects/{s}/versions}. */
    public List<Integer> versions(String subject) {
        List<Integer> out = new ArrayList<>();
        call("GET", "/subjects/" + enc(subject) + "/versions", null).forEach(v -> out.add(v.asInt()));
        return out;
    }

    /** {@code GET /subjects}. */
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        call("GET", "/subjects", null).forEach(s -> out.add(s.asText()));
        return out;
    }

    /** {@code POST /compatibility/subjects/{s}/versions/{v}}; {@code v} may be "latest". */
    public boolean isCompatible(String subject, String version, Schema schema) {
        JsonNode reply = call("POST", "/compatibility/subjects/" + enc(subject) + "/versions/" + enc(version),
                schemaBody(schema));
        return reply.path("is_compatible").asBoolean(false);
    }

    /** {@code GET /config}: the global compatibility level. */
    public String globalCompatibility() {
        return call("GET", "/config", null).path("compatibilityLevel").asText();
    }

    /** {@code PUT /config}. */
    public String setGlobalCompatibility(String level) {
        return call("PUT", "/config", compatibilityBody(level)).path("compatibility").asText();
    }

    /** {@code GET /config/{s}}: the subject's own level; 40408 when none is set. */
    public String subjectCompatibility(String subject) {
        return call("GET", "/config/" + enc(subject), null).path("compatibilityLevel").asText();
    }

    /** {@code PUT /config/{s}}. */
    public String setSubjectCompatibility(String subject, String level) {
        return call("PUT", "/config/" + enc(subject), compatibilityBody(level)).path("compatibility").asText();
    }

    private static SchemaVersion version(JsonNode node) {
        return new SchemaVersion(node.path("subject").asText(), node.path("version").asInt(),
                node.path("id").asInt(), node.path("schema").asText());
    }

    private static String schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private static String compatibilityBody(String level) {
        return JSON.createObjectNode().put("compatibility", level).toString();
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode call(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RegistryException(0, 50001, "schema registry " + baseUrl + " unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(0, 50001, "interrupted while calling the schema registry");
        }
        JsonNode node = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            int code = node.path("error_code").asInt(response.statusCode());
            String message = node.path("message").asText(response.body());
            throw new RegistryException(response.statusCode(), code, method + " " + path + ": " + message);
        }
        return node;
    }

    private static JsonNode parse(String text) {
        try {
            return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", text);
        }
    }
}
