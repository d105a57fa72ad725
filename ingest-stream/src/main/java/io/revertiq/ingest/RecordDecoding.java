package io.revertiq.ingest;

import io.revertiq.schemas.registry.RegistryException;

/** Which decoding failures belong to the record and which to the moment. */
final class RecordDecoding {
    private RecordDecoding() {
    }

    /**
     * A registry that cannot be reached or fails (status 0 or 5xx) says nothing about the record: rethrow, so the
     * stream stops and resumes from the same offset later instead of dead-lettering good data.
     */
    static void rethrowIfTransient(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RegistryException registry && (registry.httpStatus() == 0 || registry.httpStatus() >= 500)) {
                throw e;
            }
        }
    }
}
