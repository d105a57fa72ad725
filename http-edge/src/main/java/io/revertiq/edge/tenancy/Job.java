package io.revertiq.edge.tenancy;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code jobs}: one admitted analysis of one tenant. */
public record Job(String analysisId, UUID tenantId, JobStatus status, int progressPct, String reason,
                  Instant createdAt, Instant updatedAt) {
}
