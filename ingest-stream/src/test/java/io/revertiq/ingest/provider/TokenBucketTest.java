package io.revertiq.ingest.provider;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    @Test
    void burstsUpToCapacityThenPacesAtTheRate() throws InterruptedException {
        TokenBucket bucket = new TokenBucket(20, 3);
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            bucket.acquire();
        }
        long burstMs = (System.nanoTime() - start) / 1_000_000;
        for (int i = 0; i < 4; i++) {
            bucket.acquire();
        }
        long totalMs = (System.nanoTime() - start) / 1_000_000;

        assertTrue(burstMs < 50, "the first 3 permits are immediate, took " + burstMs + " ms");
        assertTrue(totalMs >= 190, "4 more permits at 20/s need >= 200 ms, took " + totalMs + " ms");
    }
}
