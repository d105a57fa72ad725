package io.revertiq.edge.tenancy;

import java.util.Set;
import java.util.UUID;

/** A new key: {@link #key()} is the only time the plaintext exists outside the caller's hands. */
public record CreatedKey(UUID id, UUID tenantId, String prefix, Set<Scope> scopes, String key) {

    /** Keeps the plaintext out of logs and assertion messages. */
    @Override
    public String toString() {
        return "CreatedKey[id=" + id + ", tenantId=" + tenantId + ", prefix=" + prefix + ", scopes=" + scopes + "]";
    }
}
