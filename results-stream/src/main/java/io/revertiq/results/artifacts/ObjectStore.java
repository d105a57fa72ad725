package io.revertiq.results.artifacts;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A flat key/value store of immutable-looking objects, shaped after S3 so that an S3-compatible implementation
 * can replace the local folder: keys are '/'-separated strings (see {@link ObjectKeys}), never file paths, and a
 * prefix is a plain string prefix, not a directory.
 */
public interface ObjectStore {

    /** Stores {@code bytes} under {@code key}, replacing any previous object; readers see the old or the new bytes, never a mix. */
    void put(String key, byte[] bytes, String contentType) throws IOException;

    Optional<byte[]> get(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** Every key starting with {@code prefix}, in lexicographic order (as S3 ListObjectsV2 returns them). */
    List<String> list(String prefix) throws IOException;
}
