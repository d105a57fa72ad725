package io.revertiq.edge.tenancy;

import java.util.Set;
import java.util.UUID;

/** Who a request is: the key it presented, that key's tenant (with plan and limits) and scopes. */
public record Principal(UUID keyId, Tenant tenant, Set<Scope> scopes) {
}
