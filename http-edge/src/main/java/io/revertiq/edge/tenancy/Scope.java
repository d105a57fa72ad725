package io.revertiq.edge.tenancy;

import java.util.Arrays;

/** What an API key may do; stored as the {@link #id()} strings in {@code api_keys.scopes}. */
public enum Scope {
    /** GET analyses, windows, manifests and artifacts. */
    ANALYSES_READ("analyses:read"),
    /** POST analyses and batches. */
    ANALYSES_WRITE("analyses:write");

    private final String id;

    Scope(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Scope fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown scope '" + id + "'; scopes are "
                        + Arrays.stream(values()).map(Scope::id).toList()));
    }
}
