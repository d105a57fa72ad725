package io.revertiq.edge.tenancy;

import java.time.Instant;
import java.util.UUID;

/** A customer account: its own plan limits (copied from the plan when created), keys and jobs. */
public record Tenant(UUID id, String name, Plan plan, Limits limits, Instant createdAt) {
}
