package io.revertiq.edge.tenancy;

import java.util.Locale;

/**
 * A job's state, as the v1 API and the {@code jobs.status} column spell it. {@code WAITING}: a batch item admitted
 * against the daily quota that waits for a concurrent slot (not yet submitted, not counted as concurrent).
 */
public enum JobStatus {
    WAITING, QUEUED, RUNNING, COMPLETE, FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
