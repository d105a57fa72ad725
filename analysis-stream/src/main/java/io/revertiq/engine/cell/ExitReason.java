package io.revertiq.engine.cell;

/**
 * Why a trade closed. When several apply at the same bar the first in declaration order is recorded:
 * a reversion that completes on the time cap or on the session's last bar still counts as {@code MEAN}, and a
 * time cap reached on the last bar counts as {@code TIME}, so {@code SESSION_END} only marks trades the close
 * forced out.
 */
public enum ExitReason {
    MEAN("mean"),
    TIME("time"),
    SESSION_END("session_end");

    private static final ExitReason[] VALUES = values();
    private final String jsonName;

    ExitReason(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static ExitReason ofOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
