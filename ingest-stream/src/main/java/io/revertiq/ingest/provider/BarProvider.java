package io.revertiq.ingest.provider;

import io.revertiq.engine.bars.RawBars;
import java.time.LocalDate;

/** A source of historical bars. Implementations return the bars as the source gave them, in source order. */
public interface BarProvider {
    /** The lake folder and provenance name, e.g. {@code polygon}. */
    String name();

    /**
     * The bars of {@code ticker} at {@code interval} (1m 5m 15m 30m 60m) whose start lies on an exchange-local
     * date in [from, to] (both inclusive). A range without bars gives empty bars, not an error.
     */
    RawBars fetch(String ticker, String interval, LocalDate from, LocalDate to) throws ProviderException;
}
