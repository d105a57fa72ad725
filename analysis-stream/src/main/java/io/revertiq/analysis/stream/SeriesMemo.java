package io.revertiq.analysis.stream;

import io.revertiq.engine.Analysis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The series stages (bars, z-series, diagnostics, slicer) of recent analyses, shared by every fan-out and evaluator
 * task of one analysis service instance, least recently used first out, bounded by bars.
 *
 * <p>Why not a state store: a stage is derived from the lake and rebuilt from it at will, it is read by all twelve
 * cell-task partitions at once (Streams stores are per task), and it is only useful decoded (tens of MB of
 * primitive arrays). Cell tasks carry its key rather than their slice, which keeps a task at about a kilobyte
 * instead of half a megabyte of bars.
 *
 * <p>Stages are keyed by {@link SeriesKeys#series}. A stage is built once however many threads ask for it
 * together: the first builds, the others wait for it.
 */
final class SeriesMemo {
    /** Builds a missing stage. */
    interface Builder {
        Analysis.Series build() throws IOException;
    }

    private final int maxBars;
    private final LinkedHashMap<String, CompletableFuture<Analysis.Series>> stages =
            new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Integer> sizes = new HashMap<>();
    private long bars;

    SeriesMemo(int maxBars) {
        if (maxBars < 1) {
            throw new IllegalArgumentException("the series memo must hold at least one bar");
        }
        this.maxBars = maxBars;
    }

    /** The stage under {@code key}, built by {@code builder} (once, whoever else asks meanwhile) when missing. */
    Analysis.Series get(String key, Builder builder) {
        CompletableFuture<Analysis.Series> stage;
        boolean mine = false;
        synchronized (this) {
            stage = stages.get(key);
            if (stage == null) {
                stage = new CompletableFuture<>();
                stages.put(key, stage);
                mine = true;
            }
        }
        if (mine) {
            build(key, stage, builder);
        }
        try {
            return stage.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io.getMessage(), io);
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void build(String key, CompletableFuture<Analysis.Series> stage, Builder builder) {
        Analysis.Series built;
        try {
            built = builder.build();
        } catch (IOException | RuntimeException | Error e) {
            synchronized (this) {
                stages.remove(key, stage); // a failure is not remembered: the next request tries again
            }
            stage.completeExceptionally(e);
            return;
        }
        synchronized (this) {
            if (stages.get(key) == stage) {
                sizes.put(key, built.bars().size());
                bars += built.bars().size();
                evict(key);
            }
        }
        stage.complete(built);
    }

    /** Drops the least recently used finished stages until the bound holds, never the one just added. */
    private void evict(String keep) {
        Iterator<Map.Entry<String, CompletableFuture<Analysis.Series>>> oldest = stages.entrySet().iterator();
        while (bars > maxBars && oldest.hasNext()) {
            Map.Entry<String, CompletableFuture<Analysis.Series>> entry = oldest.next();
            Integer size = sizes.get(entry.getKey());
            if (size != null && !entry.getKey().equals(keep)) {
                bars -= size;
                sizes.remove(entry.getKey());
                oldest.remove();
            }
        }
    }

    /** How many stages are kept or being built. */
    synchronized int size() {
        return stages.size();
    }
}
