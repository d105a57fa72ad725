package io.revertiq.analysis.lake;

import java.io.IOException;

/** A shard whose bytes no longer match the sha256 recorded when it was written (or that is gone). */
public final class CorruptShardException extends IOException {
    private final String shardPath;

    public CorruptShardException(String shardPath, String problem) {
        super("lake shard " + shardPath + ": " + problem);
        this.shardPath = shardPath;
    }

    /** Lake-relative path of the shard. */
    public String shardPath() {
        return shardPath;
    }
}
