package io.revertiq.ingest.provider;

import io.revertiq.analysis.io.BarFileException;
import io.revertiq.analysis.io.BarFileReader;
import io.revertiq.analysis.lake.BarParquet;
import io.revertiq.analysis.lake.BarRecords;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.ingest.provider.ProviderException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * Serves tickers from files in one folder: {@code {TICKER}.csv} or {@code .csv.gz} (any format
 * {@link BarFileReader} knows) or {@code {TICKER}.parquet} (Bar records). A file holds one interval, so the
 * requested interval is not checked against it; the folder is for offline runs and demos.
 */
public final class FileProvider implements BarProvider {
    private static final List<String> EXTENSIONS = List.of(".csv", ".csv.gz", ".parquet");

    private final Path dataDir;

    public FileProvider(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("bar file folder " + dataDir + " is not a directory");
        }
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public RawBars fetch(String ticker, String interval, LocalDate from, LocalDate to) throws ProviderException {
        Intervals.minutes(interval);
        Path file = fileOf(Tickers.require(ticker));
        try {
            RawBars all = file.getFileName().toString().endsWith(".parquet")
                    ? BarRecords.toRawBars(BarParquet.read(file))
                    : BarFileReader.read(file, ticker);
            return BarDates.within(all, from, to);
        } catch (BarFileException e) {
            throw new ProviderException(Kind.INVALID_DATA, e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            // a Parquet file that is not one of Bar records fails inside the reader with runtime exceptions
            throw new ProviderException(Kind.INVALID_DATA, "cannot read " + file.getFileName() + ": " + e, e);
        }
    }

    /** The one file of the ticker; two candidates would make the answer depend on lookup order, so that is refused. */
    private Path fileOf(String ticker) throws ProviderException {
        List<Path> found = EXTENSIONS.stream().map(ext -> dataDir.resolve(ticker + ext)).filter(Files::isRegularFile)
                .toList();
        if (found.isEmpty()) {
            throw new ProviderException(Kind.NOT_FOUND, "no bar file for " + ticker + " (" + ticker + ".csv, "
                    + ticker + ".csv.gz or " + ticker + ".parquet)");
        }
        if (found.size() > 1) {
            throw new ProviderException(Kind.BAD_REQUEST, "several bar files for " + ticker + ": "
                    + found.stream().map(p -> p.getFileName().toString()).toList());
        }
        return found.get(0);
    }
}
