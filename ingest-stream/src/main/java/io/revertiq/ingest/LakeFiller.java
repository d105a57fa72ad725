package io.revertiq.ingest;

import io.revertiq.analysis.lake.Coverage;
import io.revertiq.analysis.lake.DateRange;
import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.ingest.provider.BarProvider;
import io.revertiq.ingest.provider.ProviderException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

/** Makes the lake cover a date range, asking the provider only for the runs of dates not fetched before. */
public final class LakeFiller {
    private final ParquetLake lake;
    private final BarProvider provider;

    public LakeFiller(ParquetLake lake, BarProvider provider) {
        this.lake = lake;
        this.provider = provider;
    }

    /** @return the runs of dates that were fetched; empty when the lake already covered the range */
    public List<DateRange> ensure(String ticker, String interval, LocalDate from, LocalDate to)
            throws ProviderException, IOException {
        Coverage coverage = lake.coverage(provider.name(), ticker, interval, from, to);
        List<DateRange> runs = coverage.missingRuns();
        for (DateRange run : runs) {
            lake.write(provider.name(), ticker, interval, provider.fetch(ticker, interval, run.from(), run.to()),
                    run.from(), run.to());
        }
        return runs;
    }
}
