package io.revertiq.edge.tenancy;

import static io.revertiq.edge.db.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.edge.db.TestDatabase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bearer-key guard on a real Vert.x server with two tiny routes, over real HTTP, against a real PostgreSQL. */
class BearerAuthHandlerTest {
    private static TestDatabase db;
    private static TenancyService tenancy;
    private static HttpServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        db = TestDatabase.migrated();
        tenancy = new TenancyService(db.pool);
        RateLimiter limiter = new RateLimiter();
        Router router = Router.router(db.vertx);
        router.get("/read").handler(new BearerAuthHandler(tenancy, limiter, Scope.ANALYSES_READ))
                .handler(ctx -> ctx.json(new JsonObject().put("tenant", BearerAuthHandler.principal(ctx).tenant().name())));
        router.post("/write").handler(new BearerAuthHandler(tenancy, limiter, Scope.ANALYSES_WRITE))
                .handler(ctx -> ctx.response().setStatusCode(202).end());
        // a service whose database is gone: its pool is closed before the first request
        Pool closed = db.newPool(1);
        await(closed.close());
        router.get("/down").handler(new BearerAuthHandler(new TenancyService(closed), limiter, Scope.ANALYSES_READ));
        server = await(db.vertx.createHttpServer().requestHandler(router).listen(0, "localhost"));
    }

    @AfterAll
    static void stop() {
        await(server.close());
        db.close();
    }

    private static HttpResponse<String> call(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.actualPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asserts the v1 error body and returns its error object. */
    private static JsonObject error(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonObject body = new JsonObject(response.body());
        assertEquals(Set.of("error", "request_id"), body.fieldNames());
        assertTrue(body.getString("request_id").startsWith("req_"), body.encode());
        JsonObject error = body.getJsonObject("error");
        assertEquals(Set.of("code", "message", "field", "hint"), error.fieldNames());
        assertEquals(code, error.getString("code"));
        assertTrue(!error.getString("message").isBlank() && !error.getString("hint").isBlank(), body.encode());
        return error;
    }

    private static CreatedKey key(String tenant, Plan plan, Limits limits, Set<Scope> scopes) {
        Tenant created = await(tenancy.createTenant(tenant, plan, limits));
        return await(tenancy.createKey(created.id(), scopes));
    }

    @Test
    void aValidKeyReachesTheRouteWithItsTenantAndRateLimitHeaders() throws Exception {
        CreatedKey key = key("ok-tenant", Plan.STARTER, null, Set.of(Scope.ANALYSES_READ, Scope.ANALYSES_WRITE));
        HttpResponse<String> response = call("GET", "/read", "Bearer " + key.key());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("ok-tenant", new JsonObject(response.body()).getString("tenant"));
        assertEquals("60", response.headers().firstValue("X-RateLimit-Limit").orElseThrow());
        assertEquals("59", response.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        assertEquals("1", response.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        assertEquals(202, call("POST", "/write", "bearer " + key.key()).statusCode(), "the scheme is case-insensitive");
    }

    @Test
    void missingMalformedUnknownAndRevokedKeysAre401() throws Exception {
        HttpResponse<String> missing = call("GET", "/read", null);
        error(missing, 401, "UNAUTHENTICATED");
        assertEquals("Bearer", missing.headers().firstValue("WWW-Authenticate").orElseThrow());
        error(call("GET", "/read", "Basic dXNlcjpwYXNz"), 401, "UNAUTHENTICATED");
        error(call("GET", "/read", "Bearer not-a-key"), 401, "UNAUTHENTICATED");
        error(call("GET", "/read", "Bearer " + ApiKeys.generate()), 401, "UNAUTHENTICATED");

        CreatedKey key = key("revoked-tenant", Plan.PRO, null, Set.of(Scope.ANALYSES_READ));
        assertEquals(200, call("GET", "/read", "Bearer " + key.key()).statusCode());
        assertTrue(await(tenancy.revokeKey(key.id())));
        JsonObject revoked = error(call("GET", "/read", "Bearer " + key.key()), 401, "UNAUTHENTICATED");
        assertTrue(revoked.getString("message").contains("revoked"), revoked.encode());
    }

    @Test
    void anUnreachableDatabaseIs503NotA401() throws Exception {
        error(call("GET", "/down", "Bearer " + ApiKeys.generate()), 503, "UNAVAILABLE");
    }

    @Test
    void aKeyWithoutTheRoutesScopeIs403() throws Exception {
        CreatedKey reader = key("reader-tenant", Plan.PRO, null, Set.of(Scope.ANALYSES_READ));
        JsonObject denied = error(call("POST", "/write", "Bearer " + reader.key()), 403, "PERMISSION_DENIED");
        assertTrue(denied.getString("message").contains("analyses:write"), denied.encode());
        assertEquals(200, call("GET", "/read", "Bearer " + reader.key()).statusCode());
    }

    @Test
    void anEmptyBucketIs429WithHeaders() throws Exception {
        CreatedKey key = key("busy-tenant", Plan.ENTERPRISE, new Limits(1000, 10, 5, 3), Set.of(Scope.ANALYSES_READ));
        for (int remaining = 2; remaining >= 0; remaining--) {
            HttpResponse<String> ok = call("GET", "/read", "Bearer " + key.key());
            assertEquals(200, ok.statusCode());
            assertEquals(Integer.toString(remaining), ok.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        }
        HttpResponse<String> limited = call("GET", "/read", "Bearer " + key.key());
        error(limited, 429, "RESOURCE_EXHAUSTED");
        assertEquals("3", limited.headers().firstValue("X-RateLimit-Limit").orElseThrow());
        assertEquals("0", limited.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        long reset = Long.parseLong(limited.headers().firstValue("X-RateLimit-Reset").orElseThrow());
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(reset > 50 && reset <= 60, "bucket full again within the minute: " + reset);
        assertTrue(retryAfter > 10 && retryAfter <= 20, "one token back within 20 s: " + retryAfter);

        CreatedKey other = key("quiet-tenant", Plan.ENTERPRISE, new Limits(1000, 10, 5, 3), Set.of(Scope.ANALYSES_READ));
        assertEquals(200, call("GET", "/read", "Bearer " + other.key()).statusCode(), "buckets are per tenant");
    }
}
