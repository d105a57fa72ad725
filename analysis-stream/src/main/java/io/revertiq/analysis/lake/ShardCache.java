package io.revertiq.analysis.lake;

import io.revertiq.engine.bars.RawBars;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded shards shared by every lake reader of the process, least recently used first out, bounded by bars.
 * In the embedded default ingest (which hashes the bars) and the analysis fan-out (which z-scores them) read the
 * same shards one after the other; a shard is identified by its path and sha256, so a cached copy is exactly
 * the verified content even if the file changed since.
 */
final class ShardCache {
    /** About 56 MB of primitive arrays. */
    static final int MAX_BARS = 1_000_000;
    private static final ShardCache SHARED = new ShardCache(MAX_BARS);

    private final int maxBars;
    private final LinkedHashMap<String, RawBars> shards = new LinkedHashMap<>(256, 0.75f, true);
    private int bars;

    ShardCache(int maxBars) {
        this.maxBars = maxBars;
    }

    static ShardCache shared() {
        return SHARED;
    }

    synchronized RawBars get(String path, String sha256) {
        return shards.get(path + "@" + sha256);
    }

    synchronized void put(String path, String sha256, RawBars shard) {
        RawBars previous = shards.put(path + "@" + sha256, shard);
        bars += shard.size() - (previous == null ? 0 : previous.size());
        Iterator<Map.Entry<String, RawBars>> oldest = shards.entrySet().iterator();
        while (bars > maxBars && oldest.hasNext()) {
            bars -= oldest.next().getValue().size();
            oldest.remove();
        }
    }
}
