package io.revertiq.engine.request;

/**
 * A request the engine refuses, reported to the caller as error code {@value #CODE} with the dotted JSON path of
 * the offending field (for example {@code params.entry_grid[1]}; empty for the request as a whole) and a hint on
 * how to fix it.
 */
public final class InvalidArgumentException extends IllegalArgumentException {
    public static final String CODE = "INVALID_ARGUMENT";

    private final String field;
    private final String hint;

    public InvalidArgumentException(String field, String message, String hint) {
        super(message);
        this.field = field;
        this.hint = hint;
    }

    public String code() {
        return CODE;
    }

    public String field() {
        return field;
    }

    public String hint() {
        return hint;
    }
}
