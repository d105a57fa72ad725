package io.revertiq.edge;

/** One dependency the edge reports on in {@code GET /healthz}; {@link #check()} may block briefly. */
public interface HealthCheck {
    String name();

    /** Throws when the dependency is not usable; the message is shown to operators. */
    void check() throws Exception;
}
