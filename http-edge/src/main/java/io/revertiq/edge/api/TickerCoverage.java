package io.revertiq.edge.api;

import io.revertiq.analysis.lake.LakeDataset;
import io.revertiq.engine.calendar.NyseCalendar;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code GET /v1/metadata/ticker/{ticker}}: what the lake holds of a ticker, per dataset (provider x interval):
 * the first and last date fetched, the NYSE trading days between them, how many of those were fetched and how
 * many had bars, and the gaps, as ranges of consecutive trading days never fetched (an analysis over a gap
 * fetches it first). Days outside the calendar's coverage count as fetched dates but not as trading days.
 */
final class TickerCoverage {
    private TickerCoverage() {
    }

    static JsonObject of(String ticker, List<LakeDataset> datasets) {
        JsonArray rendered = new JsonArray();
        LocalDate first = null;
        LocalDate last = null;
        for (LakeDataset dataset : datasets) {
            if (dataset.barsByDate().isEmpty()) {
                continue;
            }
            rendered.add(dataset(dataset));
            LocalDate from = dataset.barsByDate().firstKey();
            LocalDate to = dataset.barsByDate().lastKey();
            first = first == null || from.isBefore(first) ? from : first;
            last = last == null || to.isAfter(last) ? to : last;
        }
        if (rendered.isEmpty()) {
            throw ApiException.notFound("the lake holds no bars of " + ticker,
                    "POST /v1/analyze with this ticker fetches its bars into the lake");
        }
        return new JsonObject().put("ticker", ticker).put("calendar", "XNYS")
                .put("calendar_version", NyseCalendar.VERSION).put("first_date", first.toString())
                .put("last_date", last.toString()).put("datasets", rendered);
    }

    private static JsonObject dataset(LakeDataset dataset) {
        LocalDate first = dataset.barsByDate().firstKey();
        LocalDate last = dataset.barsByDate().lastKey();
        int tradingDays = 0;
        int covered = 0;
        int withBars = 0;
        long bars = 0;
        for (int n : dataset.barsByDate().values()) {
            bars += n;
        }
        JsonArray gaps = new JsonArray();
        LocalDate gapStart = null;
        LocalDate gapEnd = null;
        int gapDays = 0;
        LocalDate from = first.isBefore(NyseCalendar.FIRST) ? NyseCalendar.FIRST : first;
        LocalDate to = last.isAfter(NyseCalendar.LAST) ? NyseCalendar.LAST : last;
        List<LocalDate> days = from.isAfter(to) ? List.of() : NyseCalendar.instance().tradingDays(from, to);
        for (LocalDate day : days) {
            tradingDays++;
            Integer n = dataset.barsByDate().get(day);
            if (n != null) {
                covered++;
                withBars += n > 0 ? 1 : 0;
                if (gapStart != null) {
                    gaps.add(gap(gapStart, gapEnd, gapDays));
                    gapStart = null;
                }
                continue;
            }
            if (gapStart == null) {
                gapStart = day;
                gapDays = 0;
            }
            gapEnd = day;
            gapDays++;
        }
        if (gapStart != null) {
            gaps.add(gap(gapStart, gapEnd, gapDays));
        }
        return new JsonObject().put("provider", dataset.provider()).put("interval", dataset.interval())
                .put("dataset", dataset.dir()).put("first_date", first.toString()).put("last_date", last.toString())
                .put("trading_days", tradingDays).put("trading_days_covered", covered)
                .put("trading_days_with_bars", withBars).put("bars", bars).put("gaps", gaps);
    }

    private static JsonObject gap(LocalDate from, LocalDate to, int tradingDays) {
        return new JsonObject().put("from", from.toString()).put("to", to.toString()).put("trading_days", tradingDays);
    }
}
