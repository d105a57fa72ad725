package io.revertiq.edge.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which tenant each recently used analysis belongs to, so a read checks ownership without a database round trip.
 * An analysis never changes tenant (its job row's tenant_id is written once at admission), so an entry never goes
 * stale; the least recently used ones are dropped beyond {@code capacity} and looked up again when next read.
 */
final class AnalysisOwners {
    private final Map<String, UUID> owners;

    AnalysisOwners(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.owners = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, UUID> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<UUID> tenantOf(String analysisId) {
        return Optional.ofNullable(owners.get(analysisId));
    }

    synchronized void remember(String analysisId, UUID tenantId) {
        owners.put(analysisId, tenantId);
    }
}
