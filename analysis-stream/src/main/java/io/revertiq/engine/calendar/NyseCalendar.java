package io.revertiq.engine.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * NYSE (XNYS) sessions for {@link #FIRST}..{@link #LAST}, computed from the exchange's holiday rules rather
 * than shipped as a table, so the rules themselves are what the tests check against the reference list.
 *
 * <p>Rules (those of exchange_calendars' XNYS): New Year's Day (Sunday observed Monday; a Saturday Jan 1 is not
 * observed on the Friday before), MLK day, Presidents' day, Good Friday, Memorial day, Juneteenth from 2022,
 * Independence day, Labor day, Thanksgiving, Christmas (the last three and Juneteenth on the nearest weekday);
 * ad hoc closures 2018-12-05 and 2025-01-09. Early closes at 13:00: Jul 3 Mon-Thu, the day after Thanksgiving,
 * Dec 24 Mon-Thu. Closures announced after this version are unknowable; they bump {@link #VERSION}.
 */
public final class NyseCalendar {

    /** Provenance tag; change it whenever a rule or the covered range changes. */
    public static final String VERSION = "nyse-2015-2027.1";
    public static final ZoneId ZONE = ZoneId.of("America/New_York");
    public static final LocalDate FIRST = LocalDate.of(2015, 1, 1);
    public static final LocalDate LAST = LocalDate.of(2027, 12, 31);
    public static final int REGULAR_OPEN_MINUTE = 9 * 60 + 30;
    public static final int REGULAR_CLOSE_MINUTE = 16 * 60;
    public static final int EARLY_CLOSE_MINUTE = 13 * 60;

    private static final byte CLOSED = 0;
    private static final byte FULL = 1;
    private static final byte EARLY = 2;
    private static final List<LocalDate> AD_HOC_CLOSURES = List.of(LocalDate.of(2018, 12, 5), LocalDate.of(2025, 1, 9));
    private static final NyseCalendar INSTANCE = new NyseCalendar();

    /** Day kind indexed by days since {@link #FIRST}. */
    private final byte[] kind;

    private NyseCalendar() {
        kind = new byte[(int) ChronoUnit.DAYS.between(FIRST, LAST) + 1];
        for (int i = 0; i < kind.length; i++) {
            DayOfWeek dow = FIRST.plusDays(i).getDayOfWeek();
            kind[i] = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? CLOSED : FULL;
        }
        for (int year = FIRST.getYear(); year <= LAST.getYear(); year++) {
            for (LocalDate holiday : holidays(year)) {
                mark(holiday, CLOSED);
            }
            for (LocalDate early : earlyCloses(year)) {
                mark(early, EARLY);
            }
        }
        for (LocalDate closure : AD_HOC_CLOSURES) {
            mark(closure, CLOSED);
        }
    }

    public static NyseCalendar instance() {
        return INSTANCE;
    }

    public boolean isTradingDay(LocalDate date) {
        return kind[index(date)] != CLOSED;
    }

    /** A weekday on which the exchange is closed. */
    public boolean isHoliday(LocalDate date) {
        DayOfWeek dow = date.getDayOfWeek();
        return kind[index(date)] == CLOSED && dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY;
    }

    public boolean isEarlyClose(LocalDate date) {
        return kind[index(date)] == EARLY;
    }

    /** The regular session of a trading day; a non-trading day is an error, not an empty session. */
    public Session session(LocalDate date) {
        if (!isTradingDay(date)) {
            throw new IllegalArgumentException(date + " is not an NYSE trading day");
        }
        int close = isEarlyClose(date) ? EARLY_CLOSE_MINUTE : REGULAR_CLOSE_MINUTE;
        return new Session(date, at(date, REGULAR_OPEN_MINUTE), at(date, close));
    }

    /** Trading days in [from, to], both inclusive, ascending. */
    public List<LocalDate> tradingDays(LocalDate from, LocalDate to) {
        index(from);
        index(to);
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (isTradingDay(d)) {
                days.add(d);
            }
        }
        return days;
    }

    public static boolean covers(LocalDate date) {
        return !date.isBefore(FIRST) && !date.isAfter(LAST);
    }

    /** Local exchange time on a date, DST-correct. */
    public static ZonedDateTime at(LocalDate date, int minuteOfDay) {
        return ZonedDateTime.of(date, LocalTime.of(minuteOfDay / 60, minuteOfDay % 60), ZONE);
    }

    private int index(LocalDate date) {
        if (!covers(date)) {
            throw new IllegalArgumentException("date " + date + " is outside the NYSE calendar coverage "
                    + FIRST + ".." + LAST + " (" + VERSION + ")");
        }
        return (int) ChronoUnit.DAYS.between(FIRST, date);
    }

    private void mark(LocalDate date, byte value) {
        if (covers(date)) {
            kind[(int) ChronoUnit.DAYS.between(FIRST, date)] = value;
        }
    }

    private static List<LocalDate> holidays(int year) {
        List<LocalDate> days = new ArrayList<>();
        LocalDate newYear = LocalDate.of(year, 1, 1);
        if (newYear.getDayOfWeek() == DayOfWeek.SUNDAY) {
            days.add(newYear.plusDays(1));
        } else if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY) {
            days.add(newYear);
        }
        days.add(nthWeekday(year, Month.JANUARY, DayOfWeek.MONDAY, 3));
        days.add(nthWeekday(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3));
        days.add(easterSunday(year).minusDays(2));
        days.add(LocalDate.of(year, 5, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
        if (year >= 2022) {
            days.add(nearestWeekday(LocalDate.of(year, 6, 19)));
        }
        days.add(nearestWeekday(LocalDate.of(year, 7, 4)));
        days.add(nthWeekday(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1));
        days.add(thanksgiving(year));
        days.add(nearestWeekday(LocalDate.of(year, 12, 25)));
        return days;
    }

    private static List<LocalDate> earlyCloses(int year) {
        List<LocalDate> days = new ArrayList<>();
        LocalDate july3 = LocalDate.of(year, 7, 3);
        if (july3.getDayOfWeek().getValue() <= DayOfWeek.THURSDAY.getValue()) {
            days.add(july3);
        }
        days.add(thanksgiving(year).plusDays(1));
        LocalDate christmasEve = LocalDate.of(year, 12, 24);
        if (christmasEve.getDayOfWeek().getValue() <= DayOfWeek.THURSDAY.getValue()) {
            days.add(christmasEve);
        }
        return days;
    }

    private static LocalDate thanksgiving(int year) {
        return nthWeekday(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4);
    }

    private static LocalDate nthWeekday(int year, Month month, DayOfWeek dow, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dow));
    }

    /** Saturday holidays move to Friday, Sunday holidays to Monday. */
    private static LocalDate nearestWeekday(LocalDate date) {
        return switch (date.getDayOfWeek()) {
            case SATURDAY -> date.minusDays(1);
            case SUNDAY -> date.plusDays(1);
            default -> date;
        };
    }

    /** Anonymous Gregorian computus (Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
