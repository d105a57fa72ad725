package io.revertiq.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revertiq.edge.db.PostgresConfig;
import io.revertiq.edge.tenancy.Principal;
import io.revertiq.edge.tenancy.Scope;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.platform.postgres.EmbeddedPostgresServer;
import io.revertiq.testkit.TestPlatform;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code revertiq admin} end to end on real PostgreSQL: the embedded default's folder and a --db-url. */
class AdminCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_ID = Pattern.compile("key id ([0-9a-f-]{36}) ");

    private static UUID keyId(CliRun created) {
        Matcher m = KEY_ID.matcher(created.out());
        assertTrue(m.find(), created.out());
        return UUID.fromString(m.group(1));
    }


    private static Optional<Principal> authenticate(String url, String key) {
        Vertx vertx = Vertx.vertx();
        Pool pool = new PostgresConfig(url, 1).pool(vertx);
        try {
            return EdgeDatabase.await(new TenancyService(pool).authenticate(key));
        } finally {
            EdgeDatabase.await(pool.close());
            EdgeDatabase.await(vertx.close());
        }
    }

    @Test
    void onTheEmbeddedDefaultFolderAlsoBesideARunningServer(@TempDir Path home) {
        // no server runs: each command starts the folder's PostgreSQL for itself, and what it wrote persists
        CliRun tenant = CliRun.of("admin", "tenant", "create", "acme", "--plan", "starter", "--home", home.toString());
        assertEquals(0, tenant.exit(), tenant.err());
        assertTrue(tenant.out().contains("plan starter: 200 analyses/day, 1 concurrent, 2-year horizon"), tenant.out());
        CliRun key = CliRun.of("admin", "key", "create", "acme", "--home", home.toString());
        assertEquals(0, key.exit(), key.err());
        String plaintext = key.lastLine();
        assertTrue(plaintext.matches("rq_[0-9A-Za-z]{32}"), "the key alone on the last line: " + key.out());
        assertEquals(Optional.empty(), EmbeddedPostgresServer.runningOn(home.resolve("postgres")),
                "the command stopped the server it started");

        // a server runs on the folder (as serve would): the commands connect to it instead of starting another
        try (EmbeddedPostgresServer serve = EmbeddedPostgresServer.persistent(home.resolve("postgres"), 0)) {
            Principal principal = authenticate(serve.url(), plaintext).orElseThrow();
            assertEquals("acme", principal.tenant().name());
            assertEquals(Set.of(Scope.ANALYSES_READ, Scope.ANALYSES_WRITE), principal.scopes());

            CliRun revoke = CliRun.of("admin", "key", "revoke", keyId(key).toString(), "--home", home.toString());
            assertEquals(0, revoke.exit(), revoke.err());
            assertTrue(revoke.err().contains("using the running PostgreSQL"), revoke.err());
            assertEquals(Optional.empty(), authenticate(serve.url(), plaintext), "a revoked key is refused");
        }
    }

    @Test
    void withADatabaseUrl() throws Exception {
        String url = TestPlatform.postgres().freshDatabase();
        CliRun tenant = CliRun.of("admin", "tenant", "create", "initech", "--plan", "enterprise", "--analyses-per-day", "5000",
                "--max-concurrent", "8", "--max-horizon-years", "10", "--requests-per-minute", "900", "--db-url", url);
        assertEquals(0, tenant.exit(), tenant.err());
        assertTrue(tenant.out().contains("plan enterprise: 5000 analyses/day, 8 concurrent, 10-year horizon, 900 requests/minute"),
                tenant.out());

        CliRun reader = CliRun.of("admin", "key", "create", "initech", "--scope", "analyses:read", "--db-url", url);
        assertEquals(0, reader.exit(), reader.err());
        Principal principal = authenticate(url, reader.lastLine()).orElseThrow();
        assertEquals(Set.of(Scope.ANALYSES_READ), principal.scopes());
        assertEquals(900, principal.tenant().limits().requestsPerMinute());

        CliRun duplicate = CliRun.of("admin", "tenant", "create", "initech", "--plan", "pro", "--db-url", url);
        assertEquals(CliError.INVALID_INPUT, duplicate.exit());
        assertEquals("ALREADY_EXISTS", JSON.readTree(duplicate.err()).at("/error/code").asText());

        JsonNode unknownTenant = JSON.readTree(CliRun.of("admin", "key", "create", "nobody", "--db-url", url).err());
        assertEquals("NOT_FOUND", unknownTenant.at("/error/code").asText());

        assertEquals(0, CliRun.of("admin", "key", "revoke", keyId(reader).toString(), "--db-url", url).exit());
        CliRun again = CliRun.of("admin", "key", "revoke", keyId(reader).toString(), "--db-url", url);
        assertEquals(CliError.INVALID_INPUT, again.exit());
        assertEquals("NOT_FOUND", JSON.readTree(again.err()).at("/error/code").asText());

        CliRun partial = CliRun.of("admin", "tenant", "create", "x", "--plan", "enterprise", "--max-concurrent", "3", "--db-url", url);
        assertEquals(2, partial.exit(), "a usage error");
        assertTrue(partial.err().contains("all four"), partial.err());
    }

    @Test
    void webhookSecretIsShownThenRotatedWithTheOldOneInItsGrace() throws Exception {
        String url = TestPlatform.postgres().freshDatabase();
        assertEquals(0, CliRun.of("admin", "tenant", "create", "hooked", "--plan", "pro", "--db-url", url).exit());
        CliRun shown = CliRun.of("admin", "webhook-secret", "hooked", "--db-url", url);
        assertEquals(0, shown.exit(), shown.err());
        String secret = shown.lastLine();
        assertTrue(secret.matches("whsec_[A-Za-z0-9_-]{32}"), "the secret alone on the last line: " + shown.out());
        assertEquals(secret, CliRun.of("admin", "webhook-secret", "hooked", "--db-url", url).lastLine(),
                "created once, then shown");

        CliRun rotated = CliRun.of("admin", "webhook-secret", "hooked", "--rotate", "--db-url", url);
        assertEquals(0, rotated.exit(), rotated.err());
        assertTrue(rotated.lastLine().matches("whsec_[A-Za-z0-9_-]{32}") && !rotated.lastLine().equals(secret),
                rotated.out());
        assertTrue(rotated.out().contains("the previous secret also signs deliveries until"), rotated.out());
        assertFalse(rotated.out().contains(secret), "the old secret is not printed again");
        assertEquals(rotated.lastLine(), CliRun.of("admin", "webhook-secret", "hooked", "--db-url", url).lastLine());

        JsonNode unknown = JSON.readTree(CliRun.of("admin", "webhook-secret", "nobody", "--db-url", url).err());
        assertEquals("NOT_FOUND", unknown.at("/error/code").asText());
    }
}
