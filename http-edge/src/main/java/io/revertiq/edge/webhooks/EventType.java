package io.revertiq.edge.webhooks;

/** The events an analysis's webhook receives: one when it ends, complete or failed. */
public enum EventType {
    ANALYSIS_COMPLETE("analysis.complete"),
    ANALYSIS_FAILED("analysis.failed");

    private final String id;

    EventType(String id) {
        this.id = id;
    }

    /** The name on the wire: the payload's {@code type} and the {@code RevertIQ-Event} header. */
    public String id() {
        return id;
    }

    public static EventType fromId(String id) {
        for (EventType type : values()) {
            if (type.id.equals(id)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown webhook event type '" + id + "'");
    }
}
