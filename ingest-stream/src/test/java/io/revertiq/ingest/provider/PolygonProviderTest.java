package io.revertiq.ingest.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.ingest.provider.ProviderException.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real local HTTP server answering with the page shapes Polygon documents (shared/data/polygon). */
class PolygonProviderTest {
    private static final String KEY = "test-key/+=";
    private static final String PATH = "/v2/aggs/ticker/AAPL/range/1/minute/2005-04-01/2020-01-10";
    private static final LocalDate FROM = LocalDate.of(2005, 4, 1);
    private static final LocalDate TO = LocalDate.of(2020, 1, 10);

    private HttpServer server;
    private URI base;
    private final List<URI> requests = new CopyOnWriteArrayList<>();

    /** What the server answers to the n-th request (0-based): status and body. */
    private interface Script {
        Answer answer(int n, URI uri) throws IOException;
    }

    private record Answer(int status, String body) {
    }

    private void serve(Script script) throws IOException {
        AtomicInteger count = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", (HttpExchange exchange) -> {
            URI uri = exchange.getRequestURI();
            requests.add(uri);
            Answer answer = script.answer(count.getAndIncrement(), uri);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @BeforeEach
    void clear() {
        requests.clear();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private PolygonProvider provider(int maxAttempts) {
        return new PolygonProvider(new PolygonConfig(base, KEY, 6000, maxAttempts, Duration.ofMillis(1),
                Duration.ofMillis(20), Duration.ofSeconds(5)));
    }

    private static String shared(String file) throws IOException {
        Path root = Path.of(System.getProperty("revertiq.shared", "../../shared"));
        return Files.readString(root.resolve("data/polygon").resolve(file));
    }

    /** Page 1: the OpenAPI example with next_url pointed at our server; page 2: client-python's mock (no next_url). */
    private Answer page(int n) throws IOException {
        if (n == 0) {
            String first = shared("aggs_example_openapi_client-jvm.json").replace("https://api.polygon.io", base.toString());
            return new Answer(200, first);
        }
        return new Answer(200, shared("aggs_mock_client-python_AAPL_1_day_2005-04-01_2005-04-04.json"));
    }

    private static final long[] ALL_T = {1577941200000L, 1578027600000L, 1112331600000L, 1112587200000L};

    @Test
    void followsNextUrlReAddingTheKeyAndReadsEveryField() throws Exception {
        serve((n, uri) -> page(n));
        RawBars bars = provider(3).fetch("AAPL", "1m", FROM, TO);

        assertArrayEquals(ALL_T, bars.t);
        assertArrayEquals(new double[] {74.06, 74.2875, 1.5032, 1.4639}, bars.open);
        assertArrayEquals(new double[] {75.0875, 74.3575, 1.4604, 1.4675}, bars.close);
        assertArrayEquals(new double[] {135647456, 146535512, 642646396.0, 578172308.0}, bars.volume);
        assertArrayEquals(new double[] {74.6099, 74.7026, 1.469, 1.4589}, bars.vwap);

        assertEquals(2, requests.size());
        assertEquals(PATH, requests.get(0).getPath());
        assertEquals("adjusted=true&sort=asc&limit=50000&apiKey=" + KEY, requests.get(0).getQuery());
        assertEquals("/v2/aggs/ticker/AAPL/range/1/day/1578114000000/2020-01-10", requests.get(1).getPath());
        assertEquals("cursor=bGltaXQ9MiZzb3J0PWFzYw&apiKey=" + KEY, requests.get(1).getQuery());
    }

    @Test
    void a429StormIsWaitedOut() throws Exception {
        serve((n, uri) -> n < 4 ? new Answer(429, "{\"status\":\"ERROR\",\"error\":\"too many\"}") : page(n - 4));
        RawBars bars = provider(6).fetch("AAPL", "1m", FROM, TO);

        assertArrayEquals(ALL_T, bars.t);
        assertEquals(6, requests.size());
    }

    @Test
    void serverErrorsAreRetried() throws Exception {
        serve((n, uri) -> n == 0 ? new Answer(500, "oops") : n == 1 ? new Answer(503, "") : page(n - 2));
        RawBars bars = provider(3).fetch("AAPL", "1m", FROM, TO);

        assertArrayEquals(ALL_T, bars.t);
        assertEquals(4, requests.size());
    }

    @Test
    void unauthorizedIsPermanentAndReportedWithoutTheKey() throws Exception {
        serve((n, uri) -> new Answer(401, "{\"status\":\"ERROR\",\"request_id\":\"x\",\"error\":\"Unknown API Key\"}"));
        ProviderException e = assertThrows(ProviderException.class, () -> provider(5).fetch("AAPL", "1m", FROM, TO));

        assertEquals(Kind.UNAUTHORIZED, e.kind());
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("401") && e.getMessage().contains("Unknown API Key"), e.getMessage());
        assertFalse(e.getMessage().contains(KEY), "the API key must not leak into the report");
        assertEquals(1, requests.size());
    }

    @Test
    void notFoundAndBadRequestArePermanent() throws Exception {
        serve((n, uri) -> new Answer(n == 0 ? 404 : 400, "{\"status\":\"NOT_FOUND\",\"message\":\"no such\"}"));
        assertEquals(Kind.NOT_FOUND, assertThrows(ProviderException.class,
                () -> provider(5).fetch("AAPL", "1m", FROM, TO)).kind());
        assertEquals(Kind.BAD_REQUEST, assertThrows(ProviderException.class,
                () -> provider(5).fetch("AAPL", "1m", FROM, TO)).kind());
        assertEquals(2, requests.size());
    }

    @Test
    void retriesAreBoundedByMaxAttempts() throws Exception {
        serve((n, uri) -> new Answer(503, "{\"status\":\"ERROR\",\"error\":\"maintenance\"}"));
        ProviderException e = assertThrows(ProviderException.class, () -> provider(4).fetch("AAPL", "1m", FROM, TO));

        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("gave up after 4 attempts"), e.getMessage());
        assertEquals(4, requests.size());
    }

    @Test
    void aNextUrlOnAnotherHostIsNotFollowed() throws Exception {
        serve((n, uri) -> new Answer(200, shared("aggs_example_openapi_client-jvm.json")));
        ProviderException e = assertThrows(ProviderException.class, () -> provider(2).fetch("AAPL", "1m", FROM, TO));

        assertEquals(Kind.INVALID_DATA, e.kind());
        assertEquals(1, requests.size());
    }

    @Test
    void aBarWithoutPricesIsInvalidData() throws Exception {
        serve((n, uri) -> new Answer(200, "{\"status\":\"OK\",\"results\":[{\"t\":1,\"o\":1,\"h\":1,\"l\":1,\"v\":1}]}"));
        ProviderException e = assertThrows(ProviderException.class, () -> provider(2).fetch("AAPL", "1m", FROM, TO));

        assertEquals(Kind.INVALID_DATA, e.kind());
        assertTrue(e.getMessage().contains("results[0]: c"), e.getMessage());
    }

    @Test
    void aTickerCannotShapeTheUrl() throws Exception {
        serve((n, uri) -> page(n));
        assertEquals(Kind.BAD_REQUEST, assertThrows(ProviderException.class,
                () -> provider(2).fetch("AAPL/../x", "1m", FROM, TO)).kind());
        assertTrue(requests.isEmpty());
    }
}
