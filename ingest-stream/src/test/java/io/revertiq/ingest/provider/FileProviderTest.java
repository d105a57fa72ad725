package io.revertiq.ingest.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.io.BarFileWriter;
import io.revertiq.analysis.lake.BarParquet;
import io.revertiq.analysis.lake.BarRecords;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.synthetic.SyntheticMarket;
import io.revertiq.ingest.provider.ProviderException.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProviderTest {
    private static final LocalDate FROM = LocalDate.of(2024, 3, 4);
    private static final LocalDate TO = LocalDate.of(2024, 3, 8);
    private static final RawBars WEEK = SyntheticMarket.builder(3).dates(FROM, TO).barMinutes(5).generate();

    @TempDir
    Path dir;

    @Test
    void readsCsv() throws Exception {
        BarFileWriter.writeCsv(WEEK, dir.resolve("SPY.csv"));
        RawBars bars = new FileProvider(dir).fetch("SPY", "5m", FROM, TO);

        assertArrayEquals(WEEK.t, bars.t);
        assertArrayEquals(WEEK.close, bars.close);
    }

    @Test
    void readsGzipCsvAndKeepsOnlyTheAskedDates() throws Exception {
        Path plain = dir.resolve("plain.tmp");
        BarFileWriter.writeCsv(WEEK, plain);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("QQQ.csv.gz")))) {
            Files.copy(plain, out);
        }
        Files.delete(plain);
        RawBars bars = new FileProvider(dir).fetch("QQQ", "5m", LocalDate.of(2024, 3, 5), LocalDate.of(2024, 3, 5));

        assertEquals(78, bars.size());
        assertEquals(WEEK.t[78], bars.t[0]);
    }

    @Test
    void readsParquetOfBarRecordsExactly() throws Exception {
        BarParquet.write(dir.resolve("IWM.parquet"), BarRecords.toBars(WEEK, "IWM", "5m", "file"));
        RawBars bars = new FileProvider(dir).fetch("IWM", "5m", FROM, TO);

        assertArrayEquals(WEEK.t, bars.t);
        assertArrayEquals(WEEK.open, bars.open);
        assertArrayEquals(WEEK.vwap, bars.vwap);
    }

    @Test
    void aTickerCannotNameAPath() throws IOException {
        Files.writeString(dir.resolve("secret.csv"), "t,o,h,l,c,v\n");
        FileProvider provider = new FileProvider(dir.resolve("..").resolve(dir.getFileName()));
        for (String ticker : new String[] {"../secret", "SPY/../../etc", "secret", "/etc/passwd", ""}) {
            ProviderException e = assertThrows(ProviderException.class, () -> provider.fetch(ticker, "5m", FROM, TO));
            assertEquals(Kind.BAD_REQUEST, e.kind(), ticker);
        }
    }

    @Test
    void aMissingTickerIsNotFound() {
        ProviderException e = assertThrows(ProviderException.class, () -> new FileProvider(dir).fetch("NOPE", "5m", FROM, TO));
        assertEquals(Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("NOPE.csv"));
    }

    @Test
    void aMalformedFileIsInvalidData() throws IOException {
        Files.writeString(dir.resolve("BAD.csv"), "t,o,h,l,c,v\n1700000000000,1,1,1,-1,5\n");
        ProviderException e = assertThrows(ProviderException.class, () -> new FileProvider(dir).fetch("BAD", "5m", FROM, TO));
        assertEquals(Kind.INVALID_DATA, e.kind());
        assertTrue(e.getMessage().contains("BAD.csv:2"), e.getMessage());
    }
}
