package io.revertiq.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The v1 HTTP API as the CLI uses it, over {@link HttpClient}: every request carries the bearer key; a v1 error
 * becomes a {@link CliFailure}. A request that did not get an answer (connection refused or reset, timeout) or that
 * got {@code 503 UNAVAILABLE} (the edge is starting or rebalancing) is sent again, up to {@value #ATTEMPTS} times
 * with a growing pause; a submission is retried under the same {@code Idempotency-Key}, so a server that saw the
 * first attempt answers the retry with the same analysis instead of starting a second one.
 */
final class ApiClient {
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private static final int ATTEMPTS = 3;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern ANALYSIS_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final String key;
    private final HttpClient http;

    ApiClient(URI server, String key) {
        this.server = server;
        this.key = key;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    URI server() {
        return server;
    }

    /** {@code POST /v1/analyze} with {@code "async": true}: the 202 body ({@code analysis_id}, {@code status}). */
    JsonNode submit(ObjectNode request, String idempotencyKey) {
        ObjectNode body = request.deepCopy().put("async", true);
        HttpRequest post = builder("/v1/analyze").header("Content-Type", "application/json")
                .header(IDEMPOTENCY_HEADER, idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        return parse(send(post).body());
    }

    /** {@code GET /v1/analysis/{id}} as the server wrote it: the status JSON, or the full result once complete. */
    String analysis(String analysisId) {
        if (!ANALYSIS_ID.matcher(analysisId).matches()) {
            throw CliFailure.invalid("ID", "'" + analysisId + "' is not an analysis id",
                    "use the analysis_id that run printed (an_...)");
        }
        return send(builder("/v1/analysis/" + analysisId).GET().build()).body();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("the server answered something that is not JSON: " + e.getMessage(), e);
        }
    }

    private HttpRequest.Builder builder(String path) {
        return HttpRequest.newBuilder(server.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + key).header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request) {
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw CliFailure.unreachable(server, e);
                }
                pause = sleep(pause);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + server, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            if (status != 503 || attempt == ATTEMPTS) {
                throw CliFailure.fromServer(status, errorBody(response.body()), response.body());
            }
            pause = sleep(pause);
        }
    }

    private static JsonNode errorBody(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static Duration sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return pause.multipliedBy(2);
    }
}
