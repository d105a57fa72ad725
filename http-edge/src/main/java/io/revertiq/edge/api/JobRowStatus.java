package io.revertiq.edge.api;

import io.revertiq.edge.tenancy.Job;
import io.vertx.core.json.JsonObject;

/**
 * The answer of {@code GET /v1/analysis/{id}} from the job row alone, for an analysis the edge's view no longer
 * holds: the row follows the status topic, so it knows the state, progress and failure reason (not the stage).
 */
final class JobRowStatus {
    private JobRowStatus() {
    }

    static JsonObject of(Job job) {
        JsonObject json = new JsonObject().put("analysis_id", job.analysisId()).put("status", job.status().id());
        switch (job.status()) {
            case RUNNING -> json.put("progress_pct", (double) job.progressPct());
            case FAILED -> json.put("reason", job.reason());
            case WAITING, QUEUED, COMPLETE -> { }
        }
        return json.put("updated_at", job.updatedAt().toString());
    }
}
