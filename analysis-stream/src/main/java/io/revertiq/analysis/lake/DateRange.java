package io.revertiq.analysis.lake;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

/** Exchange-local calendar dates from {@code from} to {@code to}, both inclusive. */
public record DateRange(LocalDate from, LocalDate to) {
    public DateRange {
        if (from == null || to == null) {
            throw new IllegalArgumentException("a date range needs both ends");
        }
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("range end " + to + " is before its start " + from);
        }
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(from) && !date.isAfter(to);
    }

    public List<LocalDate> dates() {
        return Stream.iterate(from, d -> !d.isAfter(to), d -> d.plusDays(1)).toList();
    }
}
