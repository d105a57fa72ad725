package io.revertiq.edge.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeliveryBackoffTest {
    private static final Duration BASE = Duration.ofSeconds(15);
    private static final Duration CAP = Duration.ofHours(1);

    @Test
    void theWaitDoublesWithEqualJitterUpToTheCap() {
        Random random = new Random(7);
        DeliveryBackoff backoff = new DeliveryBackoff(BASE, CAP, random::nextLong);
        for (int round = 0; round < 200; round++) {
            for (int attempt = 1; attempt <= 12; attempt++) {
                long nominal = Math.min(CAP.toMillis(), BASE.toMillis() << (attempt - 1));
                assertEquals(nominal, new DeliveryBackoff(BASE, CAP, bound -> 0).after(attempt).toMillis());
                long wait = backoff.after(attempt).toMillis();
                assertTrue(wait > nominal / 2 && wait <= nominal, "attempt " + attempt + ": " + wait + " of " + nominal);
            }
        }
    }

    @Test
    void theExtremesOfTheJitterStillGrow() {
        DeliveryBackoff lowest = new DeliveryBackoff(BASE, CAP, bound -> bound - 1);
        DeliveryBackoff highest = new DeliveryBackoff(BASE, CAP, bound -> 0);
        assertEquals(BASE, highest.after(1));
        assertEquals(CAP, highest.after(20));
        assertEquals(Duration.ofMillis(7_501), lowest.after(1), "just over half the nominal wait");
        assertEquals(CAP.dividedBy(2).plusMillis(1), lowest.after(20), "just over half the cap");
        for (int attempt = 1; attempt < 8; attempt++) {
            assertTrue(highest.after(attempt).compareTo(lowest.after(attempt + 1)) < 0,
                    "the longest wait after attempt " + attempt + " is shorter than the shortest after the next");
        }
        assertThrows(IllegalArgumentException.class, () -> lowest.after(0));
    }
}
