package io.revertiq.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.revertiq.analysis.lake.DateRange;
import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.ingest.provider.SyntheticProvider;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeFillerTest {
    private static final LocalDate MAR_4 = LocalDate.of(2024, 3, 4);
    private static final LocalDate MAR_8 = LocalDate.of(2024, 3, 8);
    private static final LocalDate MAR_15 = LocalDate.of(2024, 3, 15);

    @TempDir
    Path root;

    @Test
    void aCoveredRangeIsNotFetchedAgain() throws Exception {
        RecordingProvider provider = new RecordingProvider(new SyntheticProvider(1, List.of()));
        LakeFiller filler = new LakeFiller(new ParquetLake(root), provider);

        assertEquals(List.of(new DateRange(MAR_4, MAR_15)), filler.ensure("SPY", "5m", MAR_4, MAR_15));
        assertEquals(List.of(), filler.ensure("SPY", "5m", MAR_4, MAR_15));
        assertEquals(List.of(), filler.ensure("SPY", "5m", LocalDate.of(2024, 3, 9), LocalDate.of(2024, 3, 10)),
                "the weekend was recorded as fetched although it had no bars");
        assertEquals(1, provider.asked.size());
    }

    @Test
    void partialCoverageFetchesOnlyTheMissingDatesAndStaysConsistent() throws Exception {
        RecordingProvider provider = new RecordingProvider(new SyntheticProvider(1, List.of()));
        ParquetLake lake = new ParquetLake(root);
        LakeFiller filler = new LakeFiller(lake, provider);
        filler.ensure("SPY", "5m", MAR_4, MAR_8);
        filler.ensure("SPY", "5m", MAR_4, MAR_15);

        assertEquals(List.of(new DateRange(MAR_4, MAR_8), new DateRange(LocalDate.of(2024, 3, 9), MAR_15)),
                provider.asked);
        RawBars pieced = lake.load(lake.shards("synthetic", "SPY", "5m", MAR_4, MAR_15));
        RawBars whole = new SyntheticProvider(1, List.of()).fetch("SPY", "5m", MAR_4, MAR_15);
        assertArrayEquals(whole.t, pieced.t);
        assertArrayEquals(whole.close, pieced.close);
        assertEquals(10 * 78, pieced.size());
    }
}
