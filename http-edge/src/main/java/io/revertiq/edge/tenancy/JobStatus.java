package io.revertiq.edge.tenancy;

import java.util.Locale;

/** A job's state, as the v1 API and the {@code jobs.status} column spell it. */
public enum JobStatus {
    QUEUED, RUNNING, COMPLETE, FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobStatus fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
