package io.revertiq.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health and version over real HTTP. */
class HttpEdgeTest {
    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static HealthCheck check(String name, boolean up) {
        return new HealthCheck() {
            public String name() {
                return name;
            }

            public void check() {
                if (!up) {
                    throw new IllegalStateException("connection refused");
                }
            }
        };
    }

    private HttpResponse<String> get(HttpEdge edge, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + edge.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthyWhenEveryDependencyAnswers() throws Exception {
        try (HttpEdge edge = new HttpEdge(vertx, List.of(check("kafka", true), check("registry", true)))
                .start("localhost", 0)) {
            HttpResponse<String> response = get(edge, "/healthz");
            assertEquals(200, response.statusCode());
            assertEquals(new JsonObject().put("status", "ok")
                    .put("components", new JsonObject().put("kafka", "up").put("registry", "up")),
                    new JsonObject(response.body()));
            assertEquals(BuildInfo.VERSION, response.headers().firstValue(HttpEdge.VERSION_HEADER).orElseThrow());
        }
    }

    @Test
    void degradedNamesTheDependencyThatIsDown() throws Exception {
        try (HttpEdge edge = new HttpEdge(vertx, List.of(check("kafka", false))).start("localhost", 0)) {
            HttpResponse<String> response = get(edge, "/healthz");
            assertEquals(503, response.statusCode());
            assertEquals("down: connection refused",
                    new JsonObject(response.body()).getJsonObject("components").getString("kafka"));
        }
    }

    @Test
    void versionNamesTheBuild() throws Exception {
        try (HttpEdge edge = new HttpEdge(vertx, List.of()).start("localhost", 0)) {
            JsonObject body = new JsonObject(get(edge, "/version").body());
            assertTrue(body.getString("revertiq_version").matches("\\d+\\.\\d+\\.\\d+.*"), body.encode());
            assertEquals("v1", body.getString("api_version"));
        }
    }
}
