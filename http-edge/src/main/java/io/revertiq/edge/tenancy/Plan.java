package io.revertiq.edge.tenancy;

import java.util.Locale;

/** A tenant's plan; its default limits are seeded in the {@code plans} table (V1 migration). */
public enum Plan {
    STARTER, PRO, ENTERPRISE;

    /** The spelling in the database and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Plan fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
