package io.revertiq.schemas.registry;

/** A schema-registry call that failed, carrying Confluent's HTTP status and {@code error_code}. */
public final class RegistryException extends RuntimeException {
    private final int httpStatus;
    private final int errorCode;

    public RegistryException(int httpStatus, int errorCode, String message) {
        super(message + " (http " + httpStatus + ", error_code " + errorCode + ")");
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's error code, e.g. 40401 subject not found, 409 incompatible, 42201 invalid schema. */
    public int errorCode() {
        return errorCode;
    }
}
