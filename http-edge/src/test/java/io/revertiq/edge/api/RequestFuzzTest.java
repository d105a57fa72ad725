package io.revertiq.edge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.revertiq.edge.HttpEdge;
import io.revertiq.edge.idempotency.IdempotencyConfig;
import io.revertiq.edge.tenancy.Limits;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.testkit.KafkaPlatformExtension;
import io.revertiq.testkit.TestPlatform;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A seeded request fuzzer against a real edge over real HTTP (raw sockets, so nothing is tidied up by a client):
 * malformed JSON, wrong types for every request field, huge numbers, unicode, missing, extra and duplicate fields,
 * deep nesting, 1 MB bodies, odd Content-Types, query parameters, path ids, Authorization and Idempotency-Key
 * headers. Every response must be below 500 and every error exactly the v1 shape, its request_id the X-Request-Id
 * header. The seed is printed; rerun one with {@code -Drevertiq.fuzz.seed=N}.
 */
@ExtendWith(KafkaPlatformExtension.class)
class RequestFuzzTest {
    private static final long SEED = Long.getLong("revertiq.fuzz.seed", 20_240_601L);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONNECTIONS = 4;
    private static final String PLACEHOLDER = "\u0001fuzz\u0001";
    private static final String FULL = """
            {"ticker":"FUZZ","horizon":{"start":"2024-01-02","end":"2024-03-28"},
             "bar":{"interval":"1m","rth_only":true,"adjusted":true},
             "windows":{"spec":"09:45-16:00/30m","days":["MON","TUE","WED","THU","FRI"]},
             "signal":{"detrend":{"method":"sma","lookback":20},"zscore":{"method":"std","lookback":20},"session_reset":false},
             "params":{"entry_grid":[-2.5,-2.0,-1.5],"exit_grid":[-0.5,0.0],"hold_grid_min":[30,60,120],"side":"long_only"},
             "costs":{"mode":"bars","spread_bp":0.5,"slippage_bp":0.8,"fee_bp":0.2},
             "walk_forward":{"train_days":120,"test_days":30,"step_days":30},
             "significance":{"fdr_alpha":0.10,"min_trades":50,"bootstrap_samples":10000},
             "output":{"rank_by":"oos_sharpe","explain":false},"async":true}""";
    private static final List<String> TYPES = List.of("null", "true", "false", "0", "-1", "2.5", "\"\"", "\"x\"", "[]",
            "{}", "[null]", "{\"a\":1}", "[1,2,3]", "[\"MON\"]");
    private static final List<String> NUMBERS = List.of("1e400", "-1e400", "1e-400", "-0", "-0.0", "9223372036854775808",
            "-9223372036854775809", "18446744073709551616", "2147483648", "-2147483649", "4.9e-324", "1e2147483648",
            "1" + "0".repeat(400), "1" + "0".repeat(1200), "0." + "0".repeat(500) + "1", "\"NaN\"", "\"Infinity\"",
            "\"-Infinity\"", "\"-0\"", "\"1e400\"", "NaN", "Infinity", "-Infinity", "+1", "01", "1.", ".5", "0x10");
    private static final List<String> UNICODE = List.of("\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\uD83D\uDE00\"",
            "\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"SPY\\u0000\"", "\"\\u202eYPS\"", "\"\u202eYPS\"", "\"\\u200b\"",
            "\"\u00e9\"", "\"\uFF33\uFF30\uFF39\"", "\"S\u0301PY\"", "\"\\uFFFF\"", "\"2024-01-0\u0662\"",
            "\"" + "\u4e2d".repeat(2000) + "\"");
    /** Bytes that are not UTF-8 (an invalid sequence, a CESU-8 lone surrogate, 0xFF) inside a JSON string. */
    private static final List<byte[]> INVALID_UTF8 = List.of(new byte[] {'"', (byte) 0xC3, 0x28, '"'},
            new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, new byte[] {'"', (byte) 0xFF, (byte) 0xFE, '"'});
    private static final Map<Integer, Set<String>> CODES = Map.ofEntries(Map.entry(400, Set.of("INVALID_ARGUMENT")),
            Map.entry(401, Set.of("UNAUTHENTICATED")), Map.entry(403, Set.of("PERMISSION_DENIED")),
            Map.entry(404, Set.of("NOT_FOUND")), Map.entry(405, Set.of("METHOD_NOT_ALLOWED")),
            Map.entry(409, Set.of("CONFLICT")), Map.entry(413, Set.of("PAYLOAD_TOO_LARGE")),
            Map.entry(414, Set.of("INVALID_ARGUMENT")), Map.entry(415, Set.of("UNSUPPORTED_MEDIA_TYPE")),
            Map.entry(422, Set.of("FAILED_PRECONDITION")), Map.entry(429, Set.of("RESOURCE_EXHAUSTED")),
            Map.entry(431, Set.of("INVALID_ARGUMENT")));

    private static TestEdge fixture;
    private static HttpEdge edge;
    private static String bearer;
    /** An analysis of the fuzzing tenant (queued: no pipeline runs), for the GET cases. */
    private static String ownId;

    /** One request to send; {@code head} responses carry no body to check. */
    private record Case(String name, RawHttp.Request request, boolean head) {
    }

    @BeforeAll
    static void start(TestPlatform platform) throws Exception {
        fixture = TestEdge.start(platform, "revertiq-edge-fuzz-test");
        edge = fixture.edge(Duration.ofMillis(200), IdempotencyConfig.defaults().withInFlightWait(Duration.ofSeconds(2)));
        bearer = fixture.caller("fuzz", Plan.ENTERPRISE, new Limits(1_000_000, 1_000_000, 20, 1_000_000)).bearer();
        RawHttp.Response created = RawHttp.exchange(edge.port(), post(FULL.getBytes(StandardCharsets.UTF_8)));
        assertEquals(202, created.status(), created.body());
        ownId = new JsonObject(created.body()).getString("analysis_id");
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static RawHttp.Request post(byte[] body) {
        return new RawHttp.Request("POST", "/v1/analyze").header("Authorization", bearer)
                .header("Content-Type", "application/json").body(body);
    }

    private static RawHttp.Request get(String target) {
        return new RawHttp.Request("GET", target).header("Authorization", bearer);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void requestBodies() throws Exception {
        Random random = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        JsonNode full = JSON.readTree(FULL);
        List<List<Object>> paths = new ArrayList<>();
        collectPaths(full, new ArrayList<>(), paths);
        List<byte[]> fragments = new ArrayList<>();
        for (String f : TYPES) {
            fragments.add(utf8(f));
        }
        for (String f : NUMBERS) {
            fragments.add(utf8(f));
        }
        for (String f : UNICODE) {
            fragments.add(utf8(f));
        }
        fragments.addAll(INVALID_UTF8);
        for (int depth : new int[] {64, 1001, 5000}) {
            fragments.add(utf8("[".repeat(depth) + "]".repeat(depth)));
            fragments.add(utf8("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
        }
        // wrong types, huge numbers, unicode and deep nesting in every field
        for (List<Object> path : paths) {
            List<byte[]> sample = new ArrayList<>(fragments);
            Collections.shuffle(sample, random);
            for (byte[] fragment : sample.subList(0, 6)) {
                cases.add(new Case("set " + path + " = " + abbreviate(fragment), post(replaced(full, path, fragment)), false));
            }
            cases.add(new Case("remove " + path, post(removed(full, path)), false));
        }
        // extra and duplicate fields at every object
        for (List<Object> path : objectPaths(full)) {
            for (String extra : List.of("\"colour\":1", "\"\":1", "\"\uD83D\uDE00\":\"x\"", "\"\\u0000\":null",
                    "\"async\":true", "\"" + "k".repeat(10_000) + "\":1")) {
                cases.add(new Case("extra " + abbreviate(utf8(extra)) + " in " + path, post(withMember(full, path, extra)), false));
            }
            JsonNode object = at(full, path);
            String first = object.fieldNames().next();
            cases.add(new Case("duplicate " + first + " in " + path,
                    post(withMember(full, path, JSON.writeValueAsString(first) + ":" + object.get(first))), false));
        }
        // malformed JSON: fixed shapes, truncations and byte mutations of a valid request
        byte[] valid = utf8(FULL);
        for (String text : List.of("", " ", "{", "}", "{}", "[]", "null", "0", "\"str\"", "{\"ticker\":}",
                "{'ticker':'SPY'}", "{ticker:\"SPY\"}", "{\"ticker\":\"SPY\",}", "// c\n{}", "/* c */{}", FULL + "x",
                FULL + FULL, "\uFEFF" + FULL, "{\"a\":1}{\"b\":2}", "{\"ticker\":\"SPY", "{\"ticker\":\"\\u12\"}",
                "{\"ticker\":\"\\x41\"}", "{\"ticker\":\"a\u0001b\"}", "{\"ticker\":\"SPY\"\u0000}",
                "[".repeat(30_000), "{\"a\":".repeat(12_000))) {
            cases.add(new Case("body " + abbreviate(utf8(text)), post(utf8(text)), false));
        }
        cases.add(new Case("body in UTF-16", post(FULL.getBytes(StandardCharsets.UTF_16)), false));
        cases.add(new Case("body in UTF-32", post(FULL.getBytes(java.nio.charset.Charset.forName("UTF-32"))), false));
        for (int i = 0; i < 30; i++) {
            int cut = random.nextInt(valid.length);
            cases.add(new Case("truncated at " + cut, post(java.util.Arrays.copyOf(valid, cut)), false));
        }
        byte[] specials = utf8("{}[]:,\"\\ 0a-.eE\u0000");
        for (int i = 0; i < 40; i++) {
            byte[] mutated = valid.clone();
            int at = random.nextInt(mutated.length);
            mutated[at] = random.nextBoolean() ? specials[random.nextInt(specials.length)] : (byte) random.nextInt(256);
            cases.add(new Case("byte " + at + " mutated", post(mutated), false));
        }
        // bodies around and far over the 64 KB limit, however they are sent
        byte[] pad = utf8("{\"ticker\":\"FUZZ\",\"pad\":\"" + "x".repeat(1 << 20) + "\"}");
        cases.add(new Case("1 MB body", post(pad), false));
        cases.add(new Case("1 MB body, chunked", post(pad).chunked(), false));
        cases.add(new Case("1 MB of whitespace", post(concat(utf8(" ".repeat(1 << 20)), valid)), false));
        cases.add(new Case("1 MB array", post(utf8("[" + "1,".repeat(1 << 19) + "1]")), false));
        cases.add(new Case("1 MB body, text/plain", new RawHttp.Request("POST", "/v1/analyze")
                .header("Authorization", bearer).header("Content-Type", "text/plain").body(pad), false));
        cases.add(new Case("1 MB body, no key", new RawHttp.Request("POST", "/v1/analyze")
                .header("Content-Type", "application/json").body(pad), false));
        for (int size : new int[] {V1Api.MAX_BODY_BYTES - 1, V1Api.MAX_BODY_BYTES, V1Api.MAX_BODY_BYTES + 1}) {
            cases.add(new Case(size + " bytes", post(concat(utf8(" ".repeat(size - valid.length)), valid)), false));
        }
        // Content-Types
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/json; charset=utf-16", "application/json;;;", "APPLICATION/JSON", "application/jsonx",
                "application/json, text/plain", "*/*", "", ";", "application/" + "j".repeat(5000))) {
            cases.add(new Case("Content-Type " + abbreviate(utf8(type)), new RawHttp.Request("POST", "/v1/analyze")
                    .header("Authorization", bearer).header("Content-Type", type).body(valid), false));
        }
        cases.add(new Case("form body", new RawHttp.Request("POST", "/v1/analyze").header("Authorization", bearer)
                .header("Content-Type", "application/x-www-form-urlencoded").body(utf8("ticker=SPY&async=true")), false));
        cases.add(new Case("raw bytes in Content-Type", new RawHttp.Request("POST", "/v1/analyze")
                .header("Authorization", bearer).header("Content-Type", new byte[] {'a', (byte) 0xFF, '/', 'j'}).body(valid), false));
        cases.add(new Case("no Content-Type", new RawHttp.Request("POST", "/v1/analyze").header("Authorization", bearer)
                .body(valid), false));
        run("requestBodies", cases, random);
    }

    @Test
    void pathsQueriesAndMethods() throws Exception {
        Random random = new Random(SEED + 1);
        List<Case> cases = new ArrayList<>();
        String windows = "/v1/analysis/" + ownId + "/windows";
        for (String query : List.of("page=-1", "page=0", "page=1000000000000", "per_page=1000000000000", "per_page=0",
                "per_page=-5", "sort=colour", "sort=", "fields=secret", "fields=,,,", "dow=xyz", "dow=mon", "dow=MON,,TUE",
                "min_trades=-1", "min_trades=99999999999999999999", "max_fdr=NaN", "max_fdr=Infinity", "max_fdr=-0",
                "max_fdr=1e-400", "max_fdr=0x1p-3", "page=1e3", "page=%00", "sort=%zz", "dow=%E2%80%AE", "sort=%F0%9F%98%80",
                "page=1&page=2", "colour=red", "=", "&&&", "page", "sort=rank%00", "per_page=" + "9".repeat(3000),
                "fields=" + "rank,".repeat(600))) {
            cases.add(new Case("windows?" + abbreviate(utf8(query)), get(windows + "?" + query), false));
        }
        List<String> names = List.of("sort", "order", "min_trades", "max_fdr", "dow", "page", "per_page", "fields", "colour");
        List<String> values = List.of("-1", "0", "1", "2147483648", "1e3", "NaN", "-0", "0x10", "%20", "", "%zz",
                "rank", "oos_sharpe", "desc", "asc", "MON,xyz", "FRI", ",,", "rank,dow", "%F0%9F%98%80", "%C3%28");
        for (int i = 0; i < 60; i++) {
            StringBuilder query = new StringBuilder();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                query.append(query.length() == 0 ? "" : "&").append(names.get(random.nextInt(names.size())))
                        .append('=').append(values.get(random.nextInt(values.size())));
            }
            cases.add(new Case("windows?" + query, get(windows + "?" + query), false));
        }
        for (String id : List.of("a".repeat(5000), "a".repeat(3900), "%2F", "%00", "%zz", "%", "%E2%80%AEan_x",
                "%F0%9F%98%80", "..", ".", "%2e%2e", "an_%20x", "an_x;p=1", "an_x%3Fq", "+", "an_" + "0".repeat(32),
                "%C3%28", "%ED%A0%80")) {
            cases.add(new Case("GET id " + abbreviate(utf8(id)), get("/v1/analysis/" + id), false));
            cases.add(new Case("GET windows of id " + abbreviate(utf8(id)), get("/v1/analysis/" + id + "/windows"), false));
        }
        for (byte[] raw : List.of(utf8("/v1/analysis/\uD83D\uDE00"), new byte[] {'/', 'v', '1', '/', (byte) 0xFF},
                utf8("/v1/analysis/a b"), utf8("http://localhost/v1/analysis/x"), utf8("*"), utf8("v1/analysis/x"),
                utf8("/v1/analysis//windows"), utf8("/v1/analysis/"), utf8("/v1/analyze/extra"), utf8("//"),
                utf8("/v1/analysis/x#frag"), utf8("/%"))) {
            cases.add(new Case("target " + abbreviate(raw), new RawHttp.Request("GET", raw).header("Authorization", bearer), false));
        }
        for (String method : List.of("PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FOO", "GET", "CONNECT")) {
            cases.add(new Case(method + " /v1/analyze", new RawHttp.Request(method, "/v1/analyze")
                    .header("Authorization", bearer).header("Content-Type", "application/json").body(utf8(FULL)), false));
            cases.add(new Case(method + " an analysis", new RawHttp.Request(method, "/v1/analysis/" + ownId)
                    .header("Authorization", bearer), false));
        }
        cases.add(new Case("HEAD an analysis", new RawHttp.Request("HEAD", "/v1/analysis/" + ownId)
                .header("Authorization", bearer), true));
        cases.add(new Case("header line without a colon", get("/v1/analysis/" + ownId).header("Broken", "x")
                .header("no-colon-here\r\nX-A", "1"), false));
        cases.add(new Case("16 KB header", get("/v1/analysis/" + ownId).header("X-Big", "b".repeat(16_384)), false));
        run("pathsQueriesAndMethods", cases, random);
    }

    @Test
    void authorizationAndIdempotencyHeaders() throws Exception {
        Random random = new Random(SEED + 2);
        List<Case> cases = new ArrayList<>();
        String key = bearer.substring("Bearer ".length());
        List<byte[]> authorizations = List.of(utf8(""), utf8("Bearer"), utf8("Bearer "), utf8("Bearer  " + key),
                utf8("bearer " + key), utf8("BEARER " + key), utf8("Bearer " + key + " extra"), utf8("Bearer " + key + "x"),
                utf8("Bearer " + key.substring(0, key.length() - 1)), utf8("Basic dXNlcjpwYXNz"),
                utf8("Bearer rq_" + "\u00e9".repeat(32)), concat(utf8("Bearer rq_"), new byte[] {(byte) 0xFF, (byte) 0xFE}),
                utf8("Bearer " + "a".repeat(7000)), utf8("Bearer " + key + "\t"), utf8("Bearer\t" + key),
                utf8("Token " + key), utf8("Bearer rq_\u0000"), utf8("Bearer %72%71_"), utf8("Bearer " + key.toUpperCase()));
        for (byte[] authorization : authorizations) {
            cases.add(new Case("POST Authorization " + abbreviate(authorization), new RawHttp.Request("POST", "/v1/analyze")
                    .header("Authorization", authorization).header("Content-Type", "application/json").body(utf8(FULL)), false));
            cases.add(new Case("GET Authorization " + abbreviate(authorization), new RawHttp.Request("GET",
                    "/v1/analysis/" + ownId).header("Authorization", authorization), false));
        }
        cases.add(new Case("two Authorization headers", get("/v1/analysis/" + ownId).header("Authorization", "Basic x"), false));
        List<byte[]> idempotencyKeys = new ArrayList<>(List.of(utf8(""), utf8(" "), utf8("x".repeat(256)),
                utf8("x".repeat(10_000)), utf8("caf\u00e9"), new byte[] {'k', (byte) 0xFF}, utf8("\uD83D\uDE00"),
                utf8("a\u0000b"), utf8("a\tb"), utf8("\u202eabc")));
        for (int i = 0; i < 20; i++) {
            StringBuilder printable = new StringBuilder();
            for (int n = 1 + random.nextInt(255); n > 0; n--) {
                printable.append((char) (0x21 + random.nextInt(0x7E - 0x21 + 1)));
            }
            idempotencyKeys.add(utf8(printable.toString()));
        }
        for (byte[] idempotencyKey : idempotencyKeys) {
            for (String body : List.of(FULL, FULL.replace("\"async\":true", "\"async\":false"), "{\"ticker\":1}")) {
                cases.add(new Case("Idempotency-Key " + abbreviate(idempotencyKey) + " on " + abbreviate(utf8(body)),
                        post(utf8(body)).header("Idempotency-Key", idempotencyKey), false));
            }
        }
        // each key goes with three bodies at once: one request owns it, the others replay, wait, or are refused (409, 422)
        cases.add(new Case("two Idempotency-Keys", post(utf8(FULL)).header("Idempotency-Key", "a")
                .header("Idempotency-Key", "b"), false));
        run("authorizationAndIdempotencyHeaders", cases, random);
    }

    /**
     * Sends every case (each with a random X-Request-Id, valid or not, or none; chosen before sending, so a seed always
     * makes the same requests) over {@value #CONNECTIONS} connections at a time, and fails listing every violation.
     */
    private static void run(String group, List<Case> cases, Random random) throws Exception {
        System.out.printf("RequestFuzzTest.%s: seed %d (rerun with -Drevertiq.fuzz.seed=%d), %d cases%n", group, SEED, SEED,
                cases.size());
        for (Case c : cases) {
            switch (random.nextInt(4)) {
                case 0 -> c.request().header("X-Request-Id", "fuzz-" + random.nextInt(1_000_000));
                case 1 -> c.request().header("X-Request-Id", List.of("bad id!", "x".repeat(200), "\u00e9t\u00e9", "")
                        .get(random.nextInt(4)));
                default -> {
                }
            }
        }
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Integer> statuses = new ConcurrentSkipListMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Case c : cases) {
                sent.add(pool.submit(() -> {
                    RawHttp.Response response;
                    try {
                        response = RawHttp.exchange(edge.port(), c.request());
                    } catch (java.io.IOException | InterruptedException e) {
                        violations.add(c.name() + ": no HTTP response (" + e + ")");
                        return;
                    }
                    statuses.merge(response.status(), 1, Integer::sum);
                    String violation = violation(response, c.head());
                    if (violation != null) {
                        violations.add(c.name() + ": " + violation);
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        System.out.printf("RequestFuzzTest.%s: statuses %s%n", group, statuses);
        assertTrue(cases.size() >= 100, "a fuzz group has at least 100 cases");
        assertEquals(List.of(), violations, "seed " + SEED);
    }

    /** What is wrong with a response, or null. */
    private static String violation(RawHttp.Response response, boolean head) {
        if (response.status() >= 500) {
            return "status " + response.status() + " " + response.body();
        }
        String requestId = response.header("X-Request-Id");
        if (requestId == null || response.header("X-RevertIQ-Version") == null) {
            return "no X-Request-Id or X-RevertIQ-Version: " + response.status() + " " + response.headers();
        }
        if (head) {
            return null;
        }
        if (!"application/json".equals(response.header("Content-Type"))) {
            return "Content-Type " + response.header("Content-Type") + " of " + response.status() + " " + response.body();
        }
        JsonObject body;
        try {
            body = new JsonObject(response.body());
        } catch (DecodeException | ClassCastException e) {
            return "not a JSON object: " + response.status() + " " + abbreviate(utf8(response.body()));
        }
        if (response.status() < 300) {
            return null;
        }
        if (!body.fieldNames().equals(Set.of("error", "request_id")) || !(body.getValue("error") instanceof JsonObject)) {
            return "not the v1 error shape: " + response.body();
        }
        JsonObject error = body.getJsonObject("error");
        if (!error.fieldNames().equals(Set.of("code", "message", "field", "hint"))) {
            return "error keys " + error.fieldNames() + ": " + response.body();
        }
        if (!CODES.getOrDefault(response.status(), Set.of()).contains(error.getValue("code"))) {
            return "code " + error.getValue("code") + " with status " + response.status();
        }
        if (!(error.getValue("message") instanceof String message) || message.isBlank()
                || !(error.getValue("field") == null || error.getValue("field") instanceof String)
                || !(error.getValue("hint") == null || error.getValue("hint") instanceof String)) {
            return "message, field or hint of the wrong type: " + response.body();
        }
        if (!requestId.equals(body.getValue("request_id"))) {
            return "request_id " + body.getValue("request_id") + " is not the X-Request-Id " + requestId;
        }
        return null;
    }

    private static String abbreviate(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return text.length() <= 60 ? text : text.substring(0, 57) + "...(" + bytes.length + " bytes)";
    }

    /** Every member and array element path of the request (names and indexes). */
    private static void collectPaths(JsonNode node, List<Object> prefix, List<List<Object>> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                List<Object> path = new ArrayList<>(prefix);
                path.add(e.getKey());
                out.add(path);
                collectPaths(e.getValue(), path, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> path = new ArrayList<>(prefix);
                path.add(i);
                out.add(path);
                collectPaths(node.get(i), path, out);
            }
        }
    }

    private static List<List<Object>> objectPaths(JsonNode root) {
        List<List<Object>> all = new ArrayList<>();
        collectPaths(root, new ArrayList<>(), all);
        List<List<Object>> objects = new ArrayList<>();
        objects.add(List.of());
        for (List<Object> path : all) {
            if (at(root, path).isObject()) {
                objects.add(path);
            }
        }
        return objects;
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (Object step : path) {
            node = step instanceof Integer i ? node.get(i) : node.get((String) step);
        }
        return node;
    }

    /** The request with the value at {@code path} replaced by raw bytes (so they may be any JSON, or none). */
    private static byte[] replaced(JsonNode root, List<Object> path, byte[] fragment) throws Exception {
        JsonNode copy = root.deepCopy();
        JsonNode parent = at(copy, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, TextNode.valueOf(PLACEHOLDER));
        } else {
            ((ObjectNode) parent).set((String) last, TextNode.valueOf(PLACEHOLDER));
        }
        return splice(JSON.writeValueAsString(copy), fragment);
    }

    private static byte[] removed(JsonNode root, List<Object> path) throws Exception {
        JsonNode copy = root.deepCopy();
        JsonNode parent = at(copy, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).remove(i);
        } else {
            ((ObjectNode) parent).remove((String) last);
        }
        return utf8(JSON.writeValueAsString(copy));
    }

    /** The request with {@code member} (raw {@code "name":value} text) added first to the object at {@code path}. */
    private static byte[] withMember(JsonNode root, List<Object> path, String member) throws Exception {
        JsonNode copy = root.deepCopy();
        ObjectNode object = (ObjectNode) at(copy, path);
        ObjectNode marked = JSON.createObjectNode();
        marked.put(PLACEHOLDER, 0);
        marked.setAll(object);
        if (path.isEmpty()) {
            return splice(JSON.writeValueAsString(marked).replace(JSON.writeValueAsString(PLACEHOLDER) + ":0",
                    JSON.writeValueAsString(PLACEHOLDER)), utf8(member));
        }
        object.removeAll();
        object.setAll(marked);
        return splice(JSON.writeValueAsString(copy).replace(JSON.writeValueAsString(PLACEHOLDER) + ":0",
                JSON.writeValueAsString(PLACEHOLDER)), utf8(member));
    }

    private static byte[] splice(String json, byte[] fragment) throws Exception {
        String marker = JSON.writeValueAsString(PLACEHOLDER);
        int at = json.indexOf(marker);
        return concat(utf8(json.substring(0, at)), fragment, utf8(json.substring(at + marker.length())));
    }
}
