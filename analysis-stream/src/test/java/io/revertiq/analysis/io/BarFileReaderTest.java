package io.revertiq.analysis.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.engine.bars.RawBars;
import io.revertiq.testsupport.SharedData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarFileReaderTest {
    @TempDir
    Path dir;

    private static final long SPY_FIRST_MS = OffsetDateTime.parse("2022-02-14T09:30:00-05:00").toInstant().toEpochMilli();

    @Test
    void readsAggregatesWithEpochSeconds() throws IOException {
        RawBars bars = BarFileReader.read(SharedData.data("bars/SPY_5m_2022-02-14_2023-06-22_rth.csv"));
        assertEquals(26_376, bars.size());
        assertEquals(SPY_FIRST_MS, bars.t[0]);
        assertEquals(439.92, bars.open[0]);
        assertEquals(441.08, bars.high[0]);
        assertEquals(439.115, bars.low[0]);
        assertEquals(440.06, bars.close[0]);
        assertEquals(2135774, bars.volume[0]);
        assertTrue(Double.isNaN(bars.vwap[0]));
    }

    @Test
    void readsIsoGzip() throws IOException {
        RawBars bars = BarFileReader.read(SharedData.data("bars/SPY_1m_2024-03-26_2025-04-02_rth.csv.gz"));
        assertEquals(99_264, bars.size());
        assertEquals(OffsetDateTime.parse("2024-03-26T09:30:00-04:00").toInstant().toEpochMilli(), bars.t[0]);
        assertEquals(521.01, bars.close[0]);
    }

    @Test
    void detectsTimestampUnits() {
        long ms = 1_644_849_000_000L;
        assertEquals(ms, BarFileReader.toEpochMs(1_644_849_000L));
        assertEquals(ms, BarFileReader.toEpochMs(ms));
        assertEquals(ms, BarFileReader.toEpochMs(ms * 1000));
        assertEquals(ms, BarFileReader.toEpochMs(ms * 1_000_000));
    }

    @Test
    void readsFlatFileWithTickerFilter() throws IOException {
        Path file = write("flat.csv.gz", true, """
                ticker,volume,open,close,high,low,window_start,transactions
                QQQ,100,400,401,402,399,1711459800000000000,5
                SPY,342898,521.23,521.01,521.26,520.92,1711459800000000000,
                SPY,186082,521.03,521.07,521.11,520.88,1711459860000000000,
                """);
        RawBars spy = BarFileReader.read(file, "SPY");
        assertEquals(2, spy.size());
        assertEquals(1_711_459_800_000L, spy.t[0]);
        assertEquals(521.23, spy.open[0]);
        assertEquals(521.26, spy.high[0]);
        assertEquals(520.92, spy.low[0]);
        assertEquals(521.01, spy.close[0]);
        assertEquals(342898, spy.volume[0]);
        BarFileException e = assertThrows(BarFileException.class, () -> BarFileReader.read(file));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("several tickers"), e.getMessage());
    }

    @Test
    void readsOptionalVwapAndAnyColumnOrder() throws IOException {
        Path file = write("a.csv", false, "c,t,o,h,l,v,vw,n\n10.5,1700000000000,10,11,9,100,10.2,7\n10.5,1700000060000,10,11,9,100,,\n");
        RawBars bars = BarFileReader.read(file);
        assertEquals(10.5, bars.close[0]);
        assertEquals(10.2, bars.vwap[0]);
        assertTrue(Double.isNaN(bars.vwap[1]));
    }

    @Test
    void roundTripsThroughWriter() throws IOException {
        RawBars bars = new RawBars.Builder()
                .add(1_700_000_000_000L, 100.1, 100.3, 99.9, 100.2, 1234, 100.15)
                .add(1_700_000_060_000L, 0.1 + 0.2, 1e-3, 1e-4, 123456789.123, 1e9, Double.NaN)
                .build();
        Path file = dir.resolve("out.csv.gz");
        BarFileWriter.writeCsv(bars, file);
        RawBars back = BarFileReader.read(file);
        assertArrayEquals(bars.t, back.t);
        assertArrayEquals(bars.open, back.open);
        assertArrayEquals(bars.high, back.high);
        assertArrayEquals(bars.low, back.low);
        assertArrayEquals(bars.close, back.close);
        assertArrayEquals(bars.volume, back.volume);
        assertArrayEquals(bars.vwap, back.vwap);
    }

    @Test
    void badInputNamesFileLineAndProblem() throws IOException {
        assertProblem("t,o,h,l,c,v\n1700000000,1,1,1,1,1\n1700000060,1,x,1,1,1\n", 3, "bad number 'x' in column h");
        assertProblem("t,o,h,l,c,v\n1700000000,1,1,1,1\n", 2, "missing column 'v'");
        assertProblem("t,o,h,l,c,v\n1700000000,1,1,0,1,1\n", 2, "non-positive price 0.0 in column l");
        assertProblem("t,o,h,l,c,v\n1700000000,1,1,1,1,-5\n", 2, "negative volume");
        assertProblem("time,o,h,l,c,v\n", 1, "unknown header");
        assertProblem("", 1, "empty file");
        assertProblem("timestamp,open,high,low,close,volume\n2024-03-26 09:30,1,1,1,1,1\n", 2, "bad timestamp");
        assertProblem("t,o,h,l,c,v\n1700000000,1,1,1,1,1,9\n", 2, "more than the 6 columns");
    }

    private void assertProblem(String content, long line, String problem) throws IOException {
        Path file = write("bad.csv", false, content);
        BarFileException e = assertThrows(BarFileException.class, () -> BarFileReader.read(file));
        assertEquals(line, e.line());
        assertEquals(file, e.file());
        assertTrue(e.problem().contains(problem), e.problem());
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": "), e.getMessage());
    }

    private Path write(String name, boolean gzip, String content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }
}
