package io.revertiq.ingest.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.ingest.provider.ProviderException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Minute aggregates from Polygon (Massive): {@code GET /v2/aggs/ticker/{t}/range/{m}/minute/{from}/{to}} with
 * {@code adjusted=true&sort=asc&limit=50000}, following {@code next_url} until the last page. Every request takes
 * a token from the client-side rate limit; 429, 5xx and connection failures are retried with exponential backoff
 * and full jitter, 400/401/403/404 are permanent and reported at once.
 */
public final class PolygonProvider implements BarProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PolygonConfig config;
    private final HttpClient http;
    private final TokenBucket rateLimit;
    private final Backoff backoff;

    public PolygonProvider(PolygonConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
        this.rateLimit = new TokenBucket(config.requestsPerMinute() / 60.0, config.requestsPerMinute());
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
    }

    @Override
    public String name() {
        return "polygon";
    }

    @Override
    public RawBars fetch(String ticker, String interval, LocalDate from, LocalDate to) throws ProviderException {
        int minutes = Intervals.minutes(interval);
        Tickers.require(ticker);
        String base = config.baseUrl().toString().replaceAll("/+$", "");
        URI page = URI.create(base + "/v2/aggs/ticker/" + ticker + "/range/" + minutes + "/minute/" + from + "/" + to
                + "?adjusted=true&sort=asc&limit=50000");
        RawBars.Builder bars = new RawBars.Builder();
        while (page != null) {
            JsonNode body = get(page);
            addResults(page, body.path("results"), bars);
            page = nextPage(body.path("next_url"));
        }
        return bars.build();
    }

    /** One page, retried while the failure is retryable; the URI given and reported never carries the key. */
    private JsonNode get(URI uri) throws ProviderException {
        HttpRequest request = HttpRequest.newBuilder(withApiKey(uri)).timeout(config.requestTimeout())
                .header("Accept", "application/json").GET().build();
        ProviderException last = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            Duration retryAfter = null;
            try {
                rateLimit.acquire();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return parse(uri, response.body());
                }
                last = classify(uri, response);
                retryAfter = response.headers().firstValue("Retry-After").map(PolygonProvider::seconds).orElse(null);
            } catch (IOException e) {
                last = new ProviderException(Kind.UNAVAILABLE, "GET " + uri + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(Kind.UNAVAILABLE, "interrupted while fetching " + uri, e);
            }
            if (!last.retryable()) {
                throw last;
            }
            if (attempt < config.maxAttempts()) {
                sleep(backoff.delay(attempt, retryAfter));
            }
        }
        throw new ProviderException(last.kind(), "gave up after " + config.maxAttempts() + " attempts; last: "
                + last.getMessage(), last);
    }

    private static ProviderException classify(URI uri, HttpResponse<String> response) {
        int status = response.statusCode();
        String what = "GET " + uri + " -> HTTP " + status + errorText(response.body());
        Kind kind = switch (status) {
            case 401, 403 -> Kind.UNAUTHORIZED;
            case 404 -> Kind.NOT_FOUND;
            case 429 -> Kind.RATE_LIMITED;
            default -> status >= 500 ? Kind.UNAVAILABLE : Kind.BAD_REQUEST;
        };
        return new ProviderException(kind, what);
    }

    /** Polygon's error body carries {@code error} or {@code message}; anything else is left out of the report. */
    private static String errorText(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            String text = node.path("error").asText(node.path("message").asText(""));
            return text.isEmpty() ? "" : ": " + text;
        } catch (IOException e) {
            return "";
        }
    }

    private static JsonNode parse(URI uri, String body) throws ProviderException {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject() || "ERROR".equals(node.path("status").asText())) {
                throw new ProviderException(Kind.INVALID_DATA, "GET " + uri + " returned no aggregates" + errorText(body));
            }
            return node;
        } catch (IOException e) {
            throw new ProviderException(Kind.INVALID_DATA, "GET " + uri + " returned malformed JSON: " + e.getMessage(), e);
        }
    }

    /** results[]: t (ms), o h l c (positive), v (may be fractional, >= 0), vw optional. */
    private static void addResults(URI uri, JsonNode results, RawBars.Builder bars) throws ProviderException {
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            if (!r.path("t").canConvertToLong()) {
                throw invalid(uri, i, "t is missing or not an integer");
            }
            double o = price(uri, i, r, "o");
            double h = price(uri, i, r, "h");
            double l = price(uri, i, r, "l");
            double c = price(uri, i, r, "c");
            double v = r.path("v").asDouble(-1);
            if (!r.path("v").isNumber() || !(v >= 0) || Double.isInfinite(v)) {
                throw invalid(uri, i, "v is missing or negative");
            }
            double vw = r.path("vw").isNumber() ? r.path("vw").asDouble() : Double.NaN;
            bars.add(r.path("t").asLong(), o, h, l, c, v, vw);
        }
    }

    private static double price(URI uri, int i, JsonNode r, String field) throws ProviderException {
        JsonNode x = r.path(field);
        if (!x.isNumber() || !(x.asDouble() > 0) || Double.isInfinite(x.asDouble())) {
            throw invalid(uri, i, field + " is missing or not a positive price");
        }
        return x.asDouble();
    }

    private static ProviderException invalid(URI uri, int i, String problem) {
        return new ProviderException(Kind.INVALID_DATA, "GET " + uri + " results[" + i + "]: " + problem);
    }

    /** next_url is followed only on the configured origin, since the API key is added to it. */
    private URI nextPage(JsonNode nextUrl) throws ProviderException {
        if (!nextUrl.isTextual() || nextUrl.asText().isEmpty()) {
            return null;
        }
        URI next = URI.create(nextUrl.asText());
        URI base = config.baseUrl();
        if (!Objects.equals(next.getScheme(), base.getScheme()) || !Objects.equals(next.getHost(), base.getHost())
                || next.getPort() != base.getPort()) {
            throw new ProviderException(Kind.INVALID_DATA, "next_url " + next + " leaves " + base);
        }
        return next;
    }

    private URI withApiKey(URI uri) {
        String key = "apiKey=" + URLEncoder.encode(config.apiKey(), StandardCharsets.UTF_8);
        return URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + key);
    }

    private static Duration seconds(String retryAfter) {
        try {
            return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void sleep(Duration delay) throws ProviderException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(Kind.UNAVAILABLE, "interrupted while backing off", e);
        }
    }
}
