package io.revertiq.ingest.provider;

import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.calendar.NyseCalendar;
import java.time.Instant;
import java.time.LocalDate;

/** Exchange-local dates of bar starts. */
final class BarDates {
    private BarDates() {
    }

    /** The bars starting on an America/New_York date in [from, to], in their original order. */
    static RawBars within(RawBars bars, LocalDate from, LocalDate to) {
        RawBars.Builder out = new RawBars.Builder(bars.size());
        for (int i = 0; i < bars.size(); i++) {
            LocalDate date = Instant.ofEpochMilli(bars.t[i]).atZone(NyseCalendar.ZONE).toLocalDate();
            if (!date.isBefore(from) && !date.isAfter(to)) {
                out.add(bars.t[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i],
                        bars.vwap[i]);
            }
        }
        return out.build();
    }
}
