package io.revertiq.edge.tenancy;

import static io.revertiq.edge.db.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.edge.db.TestDatabase;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tenants and keys on a real PostgreSQL. */
class TenancyServiceTest {
    private static TestDatabase db;
    private static TenancyService tenancy;

    @BeforeAll
    static void start() {
        db = TestDatabase.migrated();
        tenancy = new TenancyService(db.pool);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void tenantsGetTheirPlansSeededLimits() {
        Tenant starter = await(tenancy.createTenant("acme", Plan.STARTER, null));
        assertEquals(new Limits(200, 1, 2, 60), starter.limits());
        assertEquals(Plan.STARTER, starter.plan());
        assertEquals(new Limits(2000, 5, 5, 600), await(tenancy.createTenant("globex", Plan.PRO, null)).limits());
        assertEquals(Optional.of(starter), await(tenancy.findTenant("acme")));
        assertEquals(Optional.of(starter), await(tenancy.findTenant(starter.id().toString())));
        assertEquals(Optional.empty(), await(tenancy.findTenant("nobody")));
    }

    @Test
    void enterpriseLimitsAreConfigurableAndOnlyThere() {
        Limits custom = new Limits(50_000, 40, 15, 9_000);
        assertEquals(custom, await(tenancy.createTenant("initech", Plan.ENTERPRISE, custom)).limits());
        assertEquals(new Limits(20_000, 20, 20, 6_000), await(tenancy.createTenant("umbrella", Plan.ENTERPRISE, null)).limits());
        TenancyException refused = assertThrows(TenancyException.class,
                () -> await(tenancy.createTenant("hooli", Plan.PRO, custom)));
        assertEquals("INVALID_ARGUMENT", refused.code());
    }

    @Test
    void namesAreUniqueAndValidated() {
        await(tenancy.createTenant("stark", Plan.PRO, null));
        assertEquals("ALREADY_EXISTS", assertThrows(TenancyException.class,
                () -> await(tenancy.createTenant("stark", Plan.STARTER, null))).code());
        assertEquals("INVALID_ARGUMENT", assertThrows(TenancyException.class,
                () -> await(tenancy.createTenant("bad name; drop", Plan.STARTER, null))).code());
    }

    @Test
    void aKeyAuthenticatesUntilRevoked() {
        Tenant tenant = await(tenancy.createTenant("wayne", Plan.PRO, null));
        CreatedKey key = await(tenancy.createKey(tenant.id(), EnumSet.allOf(Scope.class)));
        assertTrue(key.key().matches("rq_[0-9A-Za-z]{32}"), "key format");
        assertEquals(key.key().substring(0, 8), key.prefix());
        assertFalse(key.toString().contains(key.key()), "the plaintext stays out of toString");

        Row stored = await(db.pool.preparedQuery("SELECT * FROM api_keys WHERE id = $1").execute(Tuple.of(key.id())))
                .iterator().next();
        assertEquals(ApiKeys.hash(key.key()), stored.getString("key_hash"));
        for (int i = 0; i < stored.size(); i++) {
            assertFalse(String.valueOf(stored.getValue(i)).contains(key.key()), "no column holds the plaintext");
        }

        Principal principal = await(tenancy.authenticate(key.key())).orElseThrow();
        assertEquals(tenant, principal.tenant());
        assertEquals(key.id(), principal.keyId());
        assertEquals(EnumSet.allOf(Scope.class), principal.scopes());

        assertTrue(await(tenancy.revokeKey(key.id())));
        assertEquals(Optional.empty(), await(tenancy.authenticate(key.key())), "a revoked key is refused");
        assertFalse(await(tenancy.revokeKey(key.id())), "revoking twice reports that no active key was found");
    }

    @Test
    void unknownAndMalformedKeysAreRefused() {
        assertEquals(Optional.empty(), await(tenancy.authenticate(ApiKeys.generate())));
        assertEquals(Optional.empty(), await(tenancy.authenticate("rq_short")));
        assertEquals(Optional.empty(), await(tenancy.authenticate(null)));
        assertFalse(await(tenancy.revokeKey(UUID.randomUUID())));
    }

    @Test
    void keysCarryTheirScopesAndBelongToATenant() {
        Tenant tenant = await(tenancy.createTenant("oscorp", Plan.STARTER, null));
        CreatedKey reader = await(tenancy.createKey(tenant.id(), Set.of(Scope.ANALYSES_READ)));
        CreatedKey other = await(tenancy.createKey(tenant.id(), Set.of(Scope.ANALYSES_READ)));
        assertNotEquals(reader.key(), other.key());
        assertEquals(Set.of(Scope.ANALYSES_READ), await(tenancy.authenticate(reader.key())).orElseThrow().scopes());
        assertEquals("NOT_FOUND", assertThrows(TenancyException.class,
                () -> await(tenancy.createKey(UUID.randomUUID(), Set.of(Scope.ANALYSES_READ)))).code());
        assertEquals("INVALID_ARGUMENT", assertThrows(TenancyException.class,
                () -> await(tenancy.createKey(tenant.id(), Set.of()))).code());
    }
}
