package io.revertiq.edge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AnalysisOwnersTest {
    @Test
    void keepsTheMostRecentlyUsedOwnersUpToItsCapacity() {
        AnalysisOwners owners = new AnalysisOwners(2);
        UUID acme = UUID.randomUUID();
        UUID globex = UUID.randomUUID();
        owners.remember("an_a", acme);
        owners.remember("an_b", globex);
        assertEquals(Optional.of(acme), owners.tenantOf("an_a")); // a is now the most recently used
        owners.remember("an_c", globex);
        assertEquals(Optional.empty(), owners.tenantOf("an_b"), "the least recently used entry went");
        assertEquals(Optional.of(acme), owners.tenantOf("an_a"));
        assertEquals(Optional.of(globex), owners.tenantOf("an_c"));
        assertThrows(IllegalArgumentException.class, () -> new AnalysisOwners(0));
    }
}
