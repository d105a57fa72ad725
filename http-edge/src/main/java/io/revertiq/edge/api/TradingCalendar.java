package io.revertiq.edge.api;

import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.engine.calendar.Session;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * {@code GET /v1/metadata/calendar?from=&to=}: the NYSE sessions the analyses use, for a range of at most
 * {@value #MAX_YEARS} years inside the calendar's coverage: every trading day with its open and close (exchange
 * time), the early closes, and the holidays (weekdays the exchange is closed).
 */
record TradingCalendar(LocalDate from, LocalDate to) {
    static final int MAX_YEARS = 5;

    /** The range from the query parameters, both required ISO dates; a bad one is INVALID_ARGUMENT naming it. */
    static TradingCalendar parse(Function<String, String> param) {
        LocalDate from = date(param, "from");
        LocalDate to = date(param, "to");
        if (to.isBefore(from)) {
            throw ApiException.invalid("to", "to " + to + " is before from " + from, "swap or fix the dates");
        }
        if (from.plusYears(MAX_YEARS).isBefore(to)) {
            throw ApiException.invalid("to", "the range " + from + ".." + to + " is longer than " + MAX_YEARS + " years",
                    "ask for at most " + MAX_YEARS + " years at a time");
        }
        return new TradingCalendar(from, to);
    }

    private static LocalDate date(Function<String, String> param, String name) {
        String text = param.apply(name);
        if (text == null || text.isEmpty()) {
            throw ApiException.invalid(name, name + " is required", "an exchange date, e.g. " + name + "=2024-01-02");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, "'" + text + "' is not a date", "use yyyy-MM-dd");
        }
        if (!NyseCalendar.covers(date)) {
            throw ApiException.invalid(name, "date " + date + " is outside the calendar's coverage",
                    "use dates within " + NyseCalendar.FIRST + ".." + NyseCalendar.LAST + " (" + NyseCalendar.VERSION + ")");
        }
        return date;
    }

    JsonObject toJson() {
        NyseCalendar calendar = NyseCalendar.instance();
        JsonArray days = new JsonArray();
        JsonArray earlyCloses = new JsonArray();
        JsonArray holidays = new JsonArray();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (calendar.isHoliday(d)) {
                holidays.add(d.toString());
            }
            if (!calendar.isTradingDay(d)) {
                continue;
            }
            Session session = calendar.session(d);
            days.add(new JsonObject().put("date", d.toString()).put("open", clock(session.openMinute()))
                    .put("close", clock(session.closeMinute())).put("early_close", session.isEarlyClose()));
            if (session.isEarlyClose()) {
                earlyCloses.add(d.toString());
            }
        }
        return new JsonObject().put("calendar", "XNYS").put("calendar_version", NyseCalendar.VERSION)
                .put("timezone", NyseCalendar.ZONE.getId()).put("from", from.toString()).put("to", to.toString())
                .put("trading_day_count", days.size()).put("trading_days", days).put("early_closes", earlyCloses)
                .put("holidays", holidays);
    }

    private static String clock(int minuteOfDay) {
        return String.format("%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
    }
}
