package io.revertiq.analysis.lake;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Which calendar dates of a range the lake already holds for one (provider, ticker, interval): a date is present
 * once it was fetched, whether or not the provider had bars on it, so a weekend is never fetched twice.
 */
public record Coverage(DateRange range, List<LocalDate> present, List<LocalDate> missing) {
    public Coverage {
        present = List.copyOf(present);
        missing = List.copyOf(missing);
    }

    public boolean complete() {
        return missing.isEmpty();
    }

    /** The missing dates as maximal runs of consecutive dates: one provider query per run. */
    public List<DateRange> missingRuns() {
        List<DateRange> runs = new ArrayList<>();
        LocalDate start = null;
        LocalDate last = null;
        for (LocalDate date : missing) {
            if (start != null && !date.equals(last.plusDays(1))) {
                runs.add(new DateRange(start, last));
                start = null;
            }
            if (start == null) {
                start = date;
            }
            last = date;
        }
        if (start != null) {
            runs.add(new DateRange(start, last));
        }
        return runs;
    }
}
