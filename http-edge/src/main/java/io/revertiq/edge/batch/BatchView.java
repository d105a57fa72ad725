package io.revertiq.edge.batch;

import io.revertiq.edge.tenancy.JobStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A batch as its job rows say now. Its status: {@code queued} while no item has started (all waiting or queued),
 * {@code running} until every item is complete or failed, then {@code complete} (all complete), {@code failed} (all
 * failed) or {@code partial_failure}.
 */
public record BatchView(String batchId, String name, String webhookUrl, Instant createdAt, List<Item> items) {

    /** One analysis of the batch, at position {@code index} of the request's {@code requests}. */
    public record Item(int index, String analysisId, JobStatus status, int progressPct, String reason, Instant updatedAt) {
        boolean done() {
            return status == JobStatus.COMPLETE || status == JobStatus.FAILED;
        }
    }

    public BatchView {
        items = List.copyOf(items);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a batch has at least one item");
        }
    }

    public String status() {
        Map<JobStatus, Integer> counts = counts();
        int complete = counts.get(JobStatus.COMPLETE);
        int failed = counts.get(JobStatus.FAILED);
        if (complete + failed == items.size()) {
            return failed == 0 ? "complete" : complete == 0 ? "failed" : "partial_failure";
        }
        return complete + failed + counts.get(JobStatus.RUNNING) == 0 ? "queued" : "running";
    }

    /** Items per status, every status present. */
    public Map<JobStatus, Integer> counts() {
        Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0);
        }
        items.forEach(item -> counts.merge(item.status(), 1, Integer::sum));
        return counts;
    }

    /** The mean of the items' progress, an ended item (complete or failed) counting as 100; one decimal. */
    public double progressPct() {
        double sum = 0;
        for (Item item : items) {
            sum += item.done() ? 100 : item.status() == JobStatus.RUNNING ? item.progressPct() : 0;
        }
        return Math.round(sum / items.size() * 10) / 10.0;
    }

    /** The latest change of the batch or any item. */
    public Instant updatedAt() {
        Instant latest = createdAt;
        for (Item item : items) {
            latest = item.updatedAt().isAfter(latest) ? item.updatedAt() : latest;
        }
        return latest;
    }

    /** The answer of {@code POST /v1/batch/analyze}: ids, positions and statuses. */
    public JsonObject summaryJson() {
        JsonArray analyses = new JsonArray();
        items.forEach(item -> analyses.add(new JsonObject().put("analysis_id", item.analysisId())
                .put("index", item.index()).put("status", item.status().id())));
        return new JsonObject().put("batch_id", batchId).put("name", name).put("status", status())
                .put("analyses", analyses);
    }

    /** The answer of {@code GET /v1/batch/{id}}. */
    public JsonObject toJson() {
        JsonObject counts = new JsonObject();
        counts().forEach((status, n) -> counts.put(status.id(), n));
        JsonArray analyses = new JsonArray();
        for (Item item : items) {
            JsonObject json = new JsonObject().put("analysis_id", item.analysisId()).put("index", item.index())
                    .put("status", item.status().id()).put("progress_pct", item.progressPct());
            if (item.reason() != null) {
                json.put("reason", item.reason());
            }
            analyses.add(json);
        }
        return new JsonObject().put("batch_id", batchId).put("name", name).put("status", status())
                .put("counts", counts).put("progress_pct", progressPct()).put("webhook_url", webhookUrl)
                .put("analyses", analyses).put("created_at", createdAt.toString()).put("updated_at", updatedAt().toString());
    }
}
