package io.revertiq.analysis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.request.AnalysisParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SeriesMemoTest {
    private static AnalysisParams params;
    private static Analysis.Series stage;

    @BeforeAll
    static void build() {
        params = RequestParser.parse(PlantedAnalysis.REQUEST);
        stage = Analysis.series(PlantedAnalysis.bars(), params);
    }

    @Test
    void threadsAskingTogetherShareOneBuild() throws Exception {
        SeriesMemo memo = new SeriesMemo(10_000_000);
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Analysis.Series>> answers = new ArrayList<>();
            answers.add(pool.submit(() -> memo.get("k", () -> {
                builds.incrementAndGet();
                building.countDown();
                await(release);
                return stage;
            })));
            assertTrue(building.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) {
                answers.add(pool.submit(() -> memo.get("k", () -> {
                    builds.incrementAndGet();
                    return stage;
                })));
            }
            Thread.sleep(100); // the three wait on the first build rather than start their own
            release.countDown();
            for (Future<Analysis.Series> answer : answers) {
                assertSame(stage, answer.get(10, TimeUnit.SECONDS));
            }
            assertEquals(1, builds.get());
            assertSame(stage, memo.get("k", () -> {
                throw new AssertionError("a kept stage is not rebuilt");
            }));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedBuildIsReportedAndNotRemembered() {
        SeriesMemo memo = new SeriesMemo(10_000_000);
        UncheckedIOException failure = assertThrows(UncheckedIOException.class,
                () -> memo.get("k", () -> {
                    throw new IOException("shard unreadable");
                }));
        assertEquals("shard unreadable", failure.getMessage());
        assertEquals(0, memo.size());
        assertSame(stage, memo.get("k", () -> stage));
    }

    @Test
    void theLeastRecentlyUsedStagesGoWhenTheBarsExceedTheBound() {
        int bars = stage.bars().size();
        SeriesMemo memo = new SeriesMemo(2 * bars);
        memo.get("a", () -> stage);
        memo.get("b", () -> stage);
        memo.get("a", () -> stage); // a is now the most recently used
        memo.get("c", () -> stage);
        assertEquals(2, memo.size());
        AtomicInteger builds = new AtomicInteger();
        memo.get("a", () -> {
            builds.incrementAndGet();
            return stage;
        });
        assertEquals(0, builds.get(), "a stayed");
        memo.get("b", () -> {
            builds.incrementAndGet();
            return stage;
        });
        assertEquals(1, builds.get(), "b went");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
