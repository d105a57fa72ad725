package io.revertiq.edge.tenancy;

/** A tenancy operation refused for a reason the caller can act on; {@link #code()} is a v1 error code. */
public final class TenancyException extends RuntimeException {
    private final String code;

    public TenancyException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
