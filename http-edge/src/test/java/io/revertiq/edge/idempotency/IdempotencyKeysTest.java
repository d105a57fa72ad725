package io.revertiq.edge.idempotency;

import static io.revertiq.edge.db.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.edge.db.TestDatabase;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.TenancyService;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Idempotency-Key claim protocol on a real PostgreSQL: ownership, replays, mismatches, races, leases and expiry. */
class IdempotencyKeysTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String HASH = IdempotencyKeys.requestHash("/v1/analyze", "{\"a\":1}");
    private static final String OTHER_HASH = IdempotencyKeys.requestHash("/v1/analyze", "{\"a\":2}");
    private static TestDatabase db;
    private static TenancyService tenancy;
    /** Duplicates answer Busy at once. */
    private static IdempotencyKeys impatient;
    /** Duplicates wait up to 30 s for the owner. */
    private static IdempotencyKeys patient;

    @BeforeAll
    static void start() {
        db = TestDatabase.migrated();
        tenancy = new TenancyService(db.pool);
        IdempotencyConfig config = IdempotencyConfig.defaults();
        impatient = new IdempotencyKeys(db.vertx, db.pool, config.withInFlightWait(Duration.ZERO));
        patient = new IdempotencyKeys(db.vertx, db.pool, config.withInFlightWait(Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static UUID tenant() {
        return await(tenancy.createTenant("idem" + NAMES.incrementAndGet(), Plan.PRO, null)).id();
    }

    private static Claim claim(IdempotencyKeys keys, UUID tenant, String key, String hash) {
        return await(keys.claim(tenant, key, hash));
    }

    private static void execute(String sql, Object... args) {
        await(db.pool.preparedQuery(sql).execute(Tuple.from(args)));
    }

    @Test
    void theFirstClaimOwnsTheKeyDuplicatesAttachThenReplay() {
        UUID tenant = tenant();
        Claim.Owned owned = assertInstanceOf(Claim.Owned.class, claim(impatient, tenant, "k1", HASH));
        Claim.Busy busy = assertInstanceOf(Claim.Busy.class, claim(impatient, tenant, "k1", HASH));
        assertTrue(busy.retryAfter().toSeconds() >= 1 && busy.retryAfter().toSeconds() <= 30, busy.toString());

        assertTrue(await(impatient.bind(owned, "an_1")));
        assertEquals(new Claim.Attach("an_1"), claim(impatient, tenant, "k1", HASH));

        StoredResponse response = new StoredResponse(202, "{\"analysis_id\":\"an_1\",\"status\":\"queued\"}", "an_1");
        assertTrue(await(impatient.complete(owned, response)));
        assertEquals(new Claim.Replay(response), claim(impatient, tenant, "k1", HASH));
        assertEquals(new Claim.Replay(response), claim(impatient, tenant, "k1", HASH), "replays do not consume the key");
        assertFalse(await(impatient.complete(owned, response)), "a response is recorded once");
        assertFalse(await(impatient.release(owned)), "a completed key is not released");
    }

    @Test
    void anotherRequestWithTheKeyIsAMismatchInFlightAndAfter() {
        UUID tenant = tenant();
        Claim.Owned owned = assertInstanceOf(Claim.Owned.class, claim(impatient, tenant, "k", HASH));
        assertInstanceOf(Claim.Mismatch.class, claim(impatient, tenant, "k", OTHER_HASH));
        assertTrue(await(impatient.complete(owned, new StoredResponse(200, null, "an_2"))));
        assertInstanceOf(Claim.Mismatch.class, claim(impatient, tenant, "k", OTHER_HASH));
        assertNotEquals(IdempotencyKeys.requestHash("/v1/batch/analyze", "{\"a\":1}"), HASH,
                "the endpoint is part of the hash");
    }

    @Test
    void aReleasedKeyIsFreeForTheNextRequest() {
        UUID tenant = tenant();
        Claim.Owned first = assertInstanceOf(Claim.Owned.class, claim(impatient, tenant, "k", HASH));
        assertTrue(await(impatient.release(first)));
        Claim.Owned second = assertInstanceOf(Claim.Owned.class, claim(impatient, tenant, "k", OTHER_HASH));
        assertNotEquals(first.token(), second.token());
        assertFalse(await(impatient.complete(first, new StoredResponse(202, "{}", "an_x"))),
                "the released owner cannot write over the new one");
    }

    @Test
    void keysArePerTenant() {
        UUID a = tenant();
        UUID b = tenant();
        Claim.Owned owned = assertInstanceOf(Claim.Owned.class, claim(impatient, a, "shared", HASH));
        assertTrue(await(impatient.complete(owned, new StoredResponse(202, "{}", "an_a"))));
        assertInstanceOf(Claim.Owned.class, claim(impatient, b, "shared", OTHER_HASH));
    }

    @Test
    void ofConcurrentDuplicatesExactlyOneOwnsAndTheOthersReplayItsResponse() throws Exception {
        UUID tenant = tenant();
        List<CompletableFuture<Claim>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            claims.add(patient.claim(tenant, "race", HASH).toCompletionStage().toCompletableFuture());
        }
        // the others wait for the owner's response, so the first claim to finish is the owner's
        Claim.Owned owner = assertInstanceOf(Claim.Owned.class,
                CompletableFuture.anyOf(claims.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS));
        StoredResponse response = new StoredResponse(202, "{\"analysis_id\":\"an_r\"}", "an_r");
        assertTrue(await(patient.complete(owner, response)));
        int owners = 0;
        for (CompletableFuture<Claim> claim : claims) {
            Claim result = claim.get(30, TimeUnit.SECONDS);
            if (result instanceof Claim.Owned) {
                owners++;
            } else {
                assertEquals(new Claim.Replay(response), result);
            }
        }
        assertEquals(1, owners);
    }

    @Test
    void aWaitingDuplicateTakesTheKeyWhenTheOwnerReleasesIt() throws Exception {
        UUID tenant = tenant();
        Claim.Owned owner = assertInstanceOf(Claim.Owned.class, claim(patient, tenant, "retry", HASH));
        CompletableFuture<Claim> waiting = patient.claim(tenant, "retry", HASH).toCompletionStage().toCompletableFuture();
        assertTrue(await(patient.release(owner)));
        assertInstanceOf(Claim.Owned.class, waiting.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aLapsedLeaseWithoutAnAnalysisIsTakenOverButABoundKeyIsNot() {
        UUID tenant = tenant();
        Claim.Owned crashed = assertInstanceOf(Claim.Owned.class, claim(impatient, tenant, "lease", HASH));
        execute("UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE tenant_id = $1", tenant);
        Claim.Owned next = assertInstanceOf(Claim.Owned.class, claim(impatient, tenant, "lease", OTHER_HASH));
        assertFalse(await(impatient.bind(crashed, "an_old")), "the crashed owner lost the key");
        assertTrue(await(impatient.bind(next, "an_new")));

        execute("UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE tenant_id = $1", tenant);
        assertEquals(new Claim.Attach("an_new"), claim(impatient, tenant, "lease", OTHER_HASH),
                "an owner that got its analysis keeps the key");
    }

    @Test
    void anExpiredRecordIsTreatedAsNewAndSweptAway() {
        UUID tenant = tenant();
        Claim.Owned old = assertInstanceOf(Claim.Owned.class, claim(impatient, tenant, "old", HASH));
        assertTrue(await(impatient.complete(old, new StoredResponse(202, "{}", "an_old"))));
        Claim.Owned kept = assertInstanceOf(Claim.Owned.class, claim(impatient, tenant, "kept", HASH));
        assertTrue(await(impatient.complete(kept, new StoredResponse(202, "{}", "an_kept"))));
        execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE tenant_id = $1 AND key = 'old'",
                tenant);

        Claim.Owned renewed = assertInstanceOf(Claim.Owned.class, claim(impatient, tenant, "old", OTHER_HASH));
        assertTrue(await(impatient.complete(renewed, new StoredResponse(202, "{\"new\":true}", "an_new"))));
        assertEquals(new Claim.Replay(new StoredResponse(202, "{\"new\":true}", "an_new")),
                claim(impatient, tenant, "old", OTHER_HASH));

        execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE tenant_id = $1 AND key = 'old'",
                tenant);
        assertTrue(await(impatient.sweep()) >= 1);
        long left = await(db.pool.preparedQuery("SELECT count(*) FROM idempotency_keys WHERE tenant_id = $1")
                .execute(Tuple.of(tenant))).iterator().next().getLong(0);
        assertEquals(1, left, "only the live record is kept");
        assertEquals(new Claim.Replay(new StoredResponse(202, "{}", "an_kept")), claim(impatient, tenant, "kept", HASH));
    }

    @Test
    void recordsLiveForTheConfiguredTtl() {
        UUID tenant = tenant();
        IdempotencyKeys hourly = new IdempotencyKeys(db.vertx, db.pool, IdempotencyConfig.defaults().withTtl(Duration.ofHours(1)));
        assertInstanceOf(Claim.Owned.class, claim(hourly, tenant, "ttl", HASH));
        double seconds = await(db.pool.preparedQuery(
                        "SELECT extract(epoch FROM expires_at - created_at) FROM idempotency_keys WHERE tenant_id = $1")
                .execute(Tuple.of(tenant))).iterator().next().getDouble(0);
        assertEquals(3600.0, seconds, 0.001);
    }

    @Test
    void malformedKeysAndConfigurationsAreRefused() {
        assertTrue(IdempotencyKeys.wellFormed("a"));
        assertTrue(IdempotencyKeys.wellFormed("x".repeat(255)));
        assertTrue(IdempotencyKeys.wellFormed("order 42/retry:#1"));
        for (String bad : new String[] {null, "", "x".repeat(256), "caf\u00e9", "tab\there", "nul\u0000"}) {
            assertFalse(IdempotencyKeys.wellFormed(bad), String.valueOf(bad));
        }
        Future<Claim> refused = impatient.claim(tenant(), "", HASH);
        assertThrows(IllegalArgumentException.class, () -> await(refused));

        IdempotencyConfig defaults = IdempotencyConfig.defaults();
        assertEquals(Duration.ofHours(24), defaults.ttl());
        assertThrows(IllegalArgumentException.class, () -> defaults.withTtl(Duration.ofSeconds(59)));
        assertThrows(IllegalArgumentException.class, () -> defaults.withTtl(Duration.ofDays(31)));
        assertThrows(IllegalArgumentException.class, () -> defaults.withInFlightWait(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> new IdempotencyConfig(Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new IdempotencyConfig(Duration.ofHours(1), Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO));
    }
}
