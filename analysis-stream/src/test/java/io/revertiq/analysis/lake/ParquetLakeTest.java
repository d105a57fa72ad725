package io.revertiq.analysis.lake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.avro.ShardRef;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.engine.synthetic.SyntheticMarket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetLakeTest {
    private static final LocalDate TUE = LocalDate.of(2024, 1, 2);
    private static final LocalDate SAT = LocalDate.of(2024, 1, 6);
    private static final LocalDate SUN = LocalDate.of(2024, 1, 7);
    private static final LocalDate MON = LocalDate.of(2024, 1, 8);

    @TempDir
    Path root;

    /** Five trading days of 5m bars, then a duplicate, a NaN-vwap bar and a Saturday bar, all in date order. */
    private static RawBars providerBars() {
        RawBars market = SyntheticMarket.builder(7).dates(TUE, MON).barMinutes(5).generate();
        RawBars.Builder b = new RawBars.Builder();
        long fridayClose = ms(LocalDate.of(2024, 1, 5), 15, 55);
        for (int i = 0; i < market.size(); i++) {
            b.add(market.t[i], market.open[i], market.high[i], market.low[i], market.close[i], market.volume[i],
                    i % 7 == 0 ? Double.NaN : market.vwap[i]);
            if (market.t[i] == fridayClose) {
                b.add(market.t[i], 101, 102, 100, 101.5, 10, Double.NaN);
                b.add(ms(SAT, 10, 0), 100, 100, 100, 100, 1, 100);
            }
        }
        return b.build();
    }

    private static long ms(LocalDate date, int hour, int minute) {
        return LocalDateTime.of(date, java.time.LocalTime.of(hour, minute)).atZone(NyseCalendar.ZONE).toInstant()
                .toEpochMilli();
    }

    @Test
    void roundTripIsExactIncludingDuplicatesWeekendBarsAndNaNVwap() throws IOException {
        ParquetLake lake = new ParquetLake(root);
        RawBars bars = providerBars();
        List<ShardRef> written = lake.write("polygon", "SPY", "5m", bars, TUE, MON);

        assertEquals(List.of("2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-06", "2024-01-08"),
                written.stream().map(ShardRef::getDate).toList());
        assertEquals("market/polygon/bars/SPY/5m/2024-01-06.parquet", written.get(4).getPath());
        assertEquals(1, written.get(4).getBars());
        assertEquals(79, written.get(3).getBars(), "Friday keeps its duplicate");
        assertEquals(written, lake.shards("polygon", "SPY", "5m", TUE, MON));

        RawBars back = lake.load(written);
        assertArrayEquals(bars.t, back.t);
        assertArrayEquals(bars.open, back.open);
        assertArrayEquals(bars.high, back.high);
        assertArrayEquals(bars.low, back.low);
        assertArrayEquals(bars.close, back.close);
        assertArrayEquals(bars.volume, back.volume);
        assertArrayEquals(bars.vwap, back.vwap);
        assertTrue(Double.isNaN(back.vwap[0]));
    }

    @Test
    void datesWithoutBarsAreRecordedAsFetched() throws IOException {
        ParquetLake lake = new ParquetLake(root);
        lake.write("polygon", "SPY", "5m", providerBars(), TUE, MON);

        Coverage inside = lake.coverage("polygon", "SPY", "5m", TUE, MON);
        assertTrue(inside.complete());
        assertTrue(inside.present().contains(SUN));
        Coverage wider = lake.coverage("polygon", "SPY", "5m", LocalDate.of(2023, 12, 30), LocalDate.of(2024, 1, 10));
        assertEquals(List.of(new DateRange(LocalDate.of(2023, 12, 30), LocalDate.of(2024, 1, 1)),
                new DateRange(LocalDate.of(2024, 1, 9), LocalDate.of(2024, 1, 10))), wider.missingRuns());

        String manifest = Files.readString(root.resolve("market/polygon/bars/SPY/5m/coverage.json"));
        assertTrue(manifest.contains("\"2024-01-07\" : {\n      \"bars\" : 0,\n      \"sha256\" : null"), manifest);
        assertTrue(Files.notExists(root.resolve("market/polygon/bars/SPY/5m/2024-01-07.parquet")));
    }

    @Test
    void aTickersDatasetsAreListedAcrossProvidersAndIntervals() throws IOException {
        ParquetLake lake = new ParquetLake(root);
        lake.write("polygon", "SPY", "5m", providerBars(), TUE, MON);
        lake.write("files", "SPY", "1m", new RawBars.Builder().build(), SAT, SUN);
        lake.write("polygon", "QQQ", "5m", providerBars(), TUE, MON);

        List<LakeDataset> spy = lake.datasets("SPY");
        assertEquals(List.of("market/files/bars/SPY/1m", "market/polygon/bars/SPY/5m"),
                spy.stream().map(LakeDataset::dir).toList());
        assertEquals(List.of(SAT, SUN), List.copyOf(spy.get(0).barsByDate().keySet()));
        assertEquals(0, spy.get(0).barsByDate().get(SAT));
        LakeDataset polygon = spy.get(1);
        assertEquals("polygon", polygon.provider());
        assertEquals("5m", polygon.interval());
        assertEquals(TUE, polygon.barsByDate().firstKey());
        assertEquals(MON, polygon.barsByDate().lastKey());
        assertEquals(79, polygon.barsByDate().get(LocalDate.of(2024, 1, 5)), "Friday with its duplicate");
        assertEquals(List.of(), lake.datasets("IWM"));
        assertThrows(IllegalArgumentException.class, () -> lake.datasets("../SPY"));
        assertFalse(ParquetLake.isValidTicker("spy"));
    }

    @Test
    void barsDatedOutsideTheQueriedRangeAreNotStored() throws IOException {
        ParquetLake lake = new ParquetLake(root);
        List<ShardRef> written = lake.write("polygon", "SPY", "5m", providerBars(), LocalDate.of(2024, 1, 3),
                LocalDate.of(2024, 1, 4));

        assertEquals(List.of("2024-01-03", "2024-01-04"), written.stream().map(ShardRef::getDate).toList());
        assertEquals(List.of(TUE), lake.coverage("polygon", "SPY", "5m", TUE, LocalDate.of(2024, 1, 4)).missing());
        assertThrows(IllegalStateException.class, () -> lake.shards("polygon", "SPY", "5m", TUE, MON));
    }

    @Test
    void aCorruptedShardIsRefusedByName() throws IOException {
        ParquetLake lake = new ParquetLake(root);
        List<ShardRef> written = lake.write("polygon", "SPY", "5m", providerBars(), TUE, MON);
        Path shard = root.resolve(written.get(2).getPath());
        byte[] bytes = Files.readAllBytes(shard);
        bytes[bytes.length / 2] ^= 1;
        Files.write(shard, bytes);

        // another process (its own cache) reading the shard finds the corruption
        ParquetLake reader = new ParquetLake(root, new ShardCache(ShardCache.MAX_BARS));
        CorruptShardException e = assertThrows(CorruptShardException.class, () -> reader.load(written));
        assertEquals("market/polygon/bars/SPY/5m/2024-01-04.parquet", e.shardPath());
        assertTrue(e.getMessage().contains("2024-01-04.parquet") && e.getMessage().contains("sha256"), e.getMessage());
    }

    @Test
    void appendSkipsRedeliveredBarsAndKeepsNewOnes() throws IOException {
        ParquetLake lake = new ParquetLake(root);
        RawBars first = new RawBars.Builder()
                .add(ms(TUE, 9, 30), 10, 11, 9, 10.5, 100, Double.NaN)
                .add(ms(TUE, 9, 35), 10.5, 11, 10, 10.8, 100, 10.6).build();
        RawBars replayPlusOne = new RawBars.Builder()
                .add(ms(TUE, 9, 35), 10.5, 11, 10, 10.8, 100, 10.6)
                .add(ms(TUE, 9, 40), 10.8, 11, 10, 10.9, 100, 10.7).build();
        lake.append("kafka", "SPY", "5m", first);
        List<ShardRef> shards = lake.append("kafka", "SPY", "5m", replayPlusOne);

        assertEquals(1, shards.size());
        RawBars back = lake.load(shards);
        assertArrayEquals(new long[] {ms(TUE, 9, 30), ms(TUE, 9, 35), ms(TUE, 9, 40)}, back.t);
        assertTrue(lake.coverage("kafka", "SPY", "5m", TUE, TUE).complete());
    }

    @Test
    void namesThatWouldLeaveTheLakeAreRefused() {
        ParquetLake lake = new ParquetLake(root);
        assertThrows(IllegalArgumentException.class, () -> lake.coverage("polygon", "../etc", "5m", TUE, MON));
        assertThrows(IllegalArgumentException.class, () -> lake.coverage("../x", "SPY", "5m", TUE, MON));
        assertThrows(IllegalArgumentException.class, () -> lake.coverage("polygon", "SPY", "7m/..", TUE, MON));
    }
}
