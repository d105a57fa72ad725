package io.revertiq.edge.api;

/**
 * A request the v1 API refuses, answered as {@code {"error":{"code","message","field","hint"},"request_id"}} with
 * {@link #status()}. {@code field} names the offending field or query parameter (null when none applies).
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;
    private final String hint;

    public ApiException(int status, String code, String message, String field, String hint) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.hint = hint;
    }

    public static ApiException invalid(String field, String message, String hint) {
        return new ApiException(400, "INVALID_ARGUMENT", message, field, hint);
    }

    public static ApiException notFound(String message, String hint) {
        return new ApiException(404, "NOT_FOUND", message, null, hint);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public String hint() {
        return hint;
    }
}
