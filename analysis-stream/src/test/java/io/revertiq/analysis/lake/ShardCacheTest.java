package io.revertiq.analysis.lake;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.revertiq.engine.bars.RawBars;
import org.junit.jupiter.api.Test;

class ShardCacheTest {

    private static RawBars bars(int n) {
        RawBars.Builder b = new RawBars.Builder(n);
        for (int i = 0; i < n; i++) {
            b.add(i * 60_000L, 1, 1, 1, 1, 1, Double.NaN);
        }
        return b.build();
    }

    @Test
    void theLeastRecentlyUsedShardsLeaveFirstWhenTheBarBudgetIsExceeded() {
        ShardCache cache = new ShardCache(10);
        RawBars a = bars(4);
        cache.put("a", "1", a);
        cache.put("b", "1", bars(4));
        assertSame(a, cache.get("a", "1")); // a is now more recent than b
        cache.put("c", "1", bars(4));      // 12 bars > 10: b goes
        assertNull(cache.get("b", "1"));
        assertNotNull(cache.get("a", "1"));
        assertNotNull(cache.get("c", "1"));
    }

    @Test
    void aShardIsKeyedByItsHashAsWellAsItsPath() {
        ShardCache cache = new ShardCache(100);
        cache.put("a", "1", bars(2));
        assertNull(cache.get("a", "2"), "rewritten content has another sha256");
    }
}
