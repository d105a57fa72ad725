package io.revertiq.ingest;

import io.revertiq.analysis.lake.DateRange;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.ingest.provider.BarProvider;
import io.revertiq.ingest.provider.ProviderException;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real provider plus a log of the ranges it was asked for, to see what the lake reuses. */
final class RecordingProvider implements BarProvider {
    private final BarProvider delegate;
    final List<DateRange> asked = new CopyOnWriteArrayList<>();

    RecordingProvider(BarProvider delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public RawBars fetch(String ticker, String interval, LocalDate from, LocalDate to) throws ProviderException {
        asked.add(new DateRange(from, to));
        return delegate.fetch(ticker, interval, from, to);
    }
}
