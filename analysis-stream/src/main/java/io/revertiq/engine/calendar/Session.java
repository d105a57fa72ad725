package io.revertiq.engine.calendar;

import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * One NYSE regular session. Minutes are counted from local midnight in America/New_York, so they match
 * {@code BarSeries.minuteOfDay}; the epoch fields carry the DST-correct instants.
 */
public record Session(LocalDate date, ZonedDateTime open, ZonedDateTime close) {

    public int openMinute() {
        return open.getHour() * 60 + open.getMinute();
    }

    public int closeMinute() {
        return close.getHour() * 60 + close.getMinute();
    }

    public int minutes() {
        return closeMinute() - openMinute();
    }

    public boolean isEarlyClose() {
        return closeMinute() < NyseCalendar.REGULAR_CLOSE_MINUTE;
    }

    public long openEpochMs() {
        return open.toInstant().toEpochMilli();
    }

    public long closeEpochMs() {
        return close.toInstant().toEpochMilli();
    }
}
