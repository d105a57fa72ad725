package io.revertiq.ingest.provider;

/** A fetch that failed, classified so callers know whether asking again can help. */
public final class ProviderException extends Exception {

    public enum Kind {
        NOT_FOUND(false),
        UNAUTHORIZED(false),
        BAD_REQUEST(false),
        /** The source answered with something that is not valid bars. */
        INVALID_DATA(false),
        RATE_LIMITED(true),
        UNAVAILABLE(true);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;

    public ProviderException(Kind kind, String message) {
        super(kind + ": " + message);
        this.kind = kind;
    }

    public ProviderException(Kind kind, String message, Throwable cause) {
        super(kind + ": " + message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return kind.retryable();
    }
}
