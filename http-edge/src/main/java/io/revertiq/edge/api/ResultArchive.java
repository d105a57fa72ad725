package io.revertiq.edge.api;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the v1 result JSON of a complete analysis stays once the edge's view has let it go (the view's stores
 * expire; the object store keeps every analysis). Reads may block: callers run them off the event loop.
 */
@FunctionalInterface
public interface ResultArchive {
    /** Nothing archived: GETs answer from the view alone. */
    ResultArchive NONE = analysisId -> Optional.empty();

    /** The result JSON exactly as the view would have held it, or empty when the archive has none. */
    Optional<byte[]> resultJson(String analysisId) throws IOException;
}
