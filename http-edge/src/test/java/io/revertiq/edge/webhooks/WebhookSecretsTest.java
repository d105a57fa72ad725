package io.revertiq.edge.webhooks;

import static io.revertiq.edge.db.TestDatabase.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.edge.db.TestDatabase;
import io.revertiq.edge.tenancy.Plan;
import io.revertiq.edge.tenancy.TenancyException;
import io.revertiq.edge.tenancy.TenancyService;
import io.revertiq.edge.tenancy.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signing secrets on a real PostgreSQL: created on first use, stable, rotated with a grace period. */
class WebhookSecretsTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
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

    private static Tenant tenant() {
        return await(tenancy.createTenant("secrets" + NAMES.incrementAndGet(), Plan.STARTER, null));
    }

    @Test
    void theSecretIsCreatedOnFirstUseAndThenStaysTheSame() {
        WebhookSecrets secrets = new WebhookSecrets(db.pool, Duration.ofHours(24));
        Tenant tenant = tenant();
        WebhookSecrets.SigningSecret first = await(secrets.current(tenant.id()));
        assertTrue(first.secret().matches("whsec_[A-Za-z0-9_-]{32}"), first.secret());
        assertNull(first.previousSecret());
        assertEquals(first, await(secrets.current(tenant.id())));
        assertEquals(List.of(first.secret()), await(secrets.signingSecrets(tenant.id())));
        assertNotEquals(first.secret(), await(secrets.current(tenant().id())).secret(), "each tenant its own");
    }

    @Test
    void aRotatedOutSecretSignsBesideTheNewOneUntilItsGraceEnds() {
        WebhookSecrets secrets = new WebhookSecrets(db.pool, Duration.ofHours(24));
        Tenant tenant = tenant();
        String old = await(secrets.current(tenant.id())).secret();
        Instant before = Instant.now();
        WebhookSecrets.SigningSecret rotated = await(secrets.rotate(tenant.id()));
        assertNotEquals(old, rotated.secret());
        assertEquals(old, rotated.previousSecret());
        assertTrue(rotated.previousExpiresAt().isAfter(before.plus(Duration.ofHours(23))), rotated.toString());
        assertEquals(List.of(rotated.secret(), old), await(secrets.signingSecrets(tenant.id())), "newest first");

        WebhookSecrets noGrace = new WebhookSecrets(db.pool, Duration.ZERO);
        WebhookSecrets.SigningSecret again = await(noGrace.rotate(tenant.id()));
        assertNull(again.previousSecret(), "a zero grace retires the old secret at once");
        assertEquals(List.of(again.secret()), await(secrets.signingSecrets(tenant.id())));
    }

    @Test
    void anUnknownTenantIsNotFound() {
        WebhookSecrets secrets = new WebhookSecrets(db.pool, Duration.ofHours(24));
        TenancyException e = assertThrows(TenancyException.class, () -> await(secrets.current(UUID.randomUUID())));
        assertEquals("NOT_FOUND", e.code());
        assertEquals("NOT_FOUND", assertThrows(TenancyException.class,
                () -> await(secrets.rotate(UUID.randomUUID()))).code());
    }
}
