package io.revertiq.edge.idempotency;

import java.time.Duration;
import java.util.UUID;

/** What {@link IdempotencyKeys#claim} found for a key and a request. */
public sealed interface Claim {

    /**
     * The request owns the key: run it, then {@link IdempotencyKeys#complete} it with its response, or
     * {@link IdempotencyKeys#release} it when it answers an error. {@code token} proves the ownership.
     */
    record Owned(UUID tenantId, String key, UUID token) implements Claim {
    }

    /** The key's request has finished: answer its response again. */
    record Replay(StoredResponse response) implements Claim {
    }

    /** The key's request is still being answered but has its analysis: answer as it will, for that analysis. */
    record Attach(String analysisId) implements Claim {
    }

    /** The key belongs to another request (another body, or another endpoint). */
    record Mismatch() implements Claim {
    }

    /** The key's request is still in flight without an analysis after the wait; {@code retryAfter} is its lease left. */
    record Busy(Duration retryAfter) implements Claim {
    }
}
