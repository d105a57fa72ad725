package io.revertiq.engine.bars;

import java.time.LocalDate;
import java.util.List;

/**
 * The data-quality block of one analysis (section 1 of the analysis contract), over the trading days of the
 * horizon. Coverage compares the kept bars that start inside the regular session with the regular session's
 * bar slots, also when extended hours are kept, so a day's ratio always means "share of the session covered".
 *
 * @param days               every trading day of the horizon, ascending, with its expected and present bars
 * @param incompleteDays     days with fewer than {@link #COMPLETE_SHARE} of the expected bars, missing days included
 * @param missingDays        trading days without a single kept bar
 * @param duplicatesDropped  bars dropped because an earlier bar (in source order) had the same start time
 * @param offCalendarDropped bars dropped because their exchange date is a weekend or holiday
 * @param outOfSessionDropped bars on trading days dropped because they start outside the kept hours
 */
public record DataQuality(
        List<DayCoverage> days,
        List<LocalDate> incompleteDays,
        List<LocalDate> missingDays,
        int duplicatesDropped,
        int offCalendarDropped,
        int outOfSessionDropped) {

    public static final double COMPLETE_SHARE = 0.9;

    public DataQuality {
        days = List.copyOf(days);
        incompleteDays = List.copyOf(incompleteDays);
        missingDays = List.copyOf(missingDays);
    }

    /** expected = regular-session slots of the bar width (fewer on early closes); present = kept bars in them. */
    public record DayCoverage(LocalDate date, int expected, int present) {
        public boolean complete() {
            return present >= COMPLETE_SHARE * expected;
        }
    }
}
