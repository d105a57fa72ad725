package io.revertiq.engine.bars;

import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.engine.calendar.Session;
import io.revertiq.engine.request.AnalysisParams;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts raw bars into the series of one analysis (section 1 of the analysis contract): bars sorted by start time,
 * later duplicates of a start time dropped, bars on weekends/holidays dropped, bars kept when their start lies in
 * [open, close) of the regular session ({@code rth_only}) or in [04:00, 20:00) otherwise, all restricted to the
 * exchange dates of the horizon. Bars outside the horizon are ignored without being counted. Bars are not
 * resampled: the source must already deliver the requested bar width.
 */
public final class Sessionizer {

    private static final int EXTENDED_OPEN_MINUTE = 4 * 60;
    private static final int EXTENDED_CLOSE_MINUTE = 20 * 60;
    private static final long MINUTE_MS = 60_000L;

    private final NyseCalendar calendar;

    public Sessionizer(NyseCalendar calendar) {
        this.calendar = calendar;
    }

    public SessionizedBars sessionize(RawBars raw, AnalysisParams params) {
        return sessionize(raw, params.horizon().start(), params.horizon().end(), params.bar().minutes(),
                params.bar().rthOnly());
    }

    /** @param start first exchange date, inclusive; @param end last exchange date, inclusive */
    public SessionizedBars sessionize(RawBars raw, LocalDate start, LocalDate end, int barMinutes, boolean rthOnly) {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("horizon end " + end + " is before its start " + start);
        }
        if (barMinutes < 1) {
            throw new IllegalArgumentException("bar width must be positive, got " + barMinutes);
        }
        Days days = new Days(calendar, start, end, barMinutes, rthOnly);
        int[] order = timeOrder(raw.t);
        int n = raw.size();
        long[] t = new long[n];
        double[] o = new double[n];
        double[] h = new double[n];
        double[] l = new double[n];
        double[] c = new double[n];
        double[] v = new double[n];
        double[] vw = new double[n];
        int[] day = new int[n];
        int[] minute = new int[n];
        int[] dow = new int[n];
        int[] present = new int[days.count];
        int[] seriesDay = new int[days.count];
        Arrays.fill(seriesDay, -1);
        int seriesDays = 0;
        int duplicates = 0;
        int offCalendar = 0;
        int outOfSession = 0;
        int kept = 0;
        int d = 0;
        long previous = 0;
        boolean any = false;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            long ti = raw.t[i];
            if (ti < days.midnight[0]) {
                continue;
            }
            if (ti >= days.midnight[days.count]) {
                break;
            }
            if (any && ti == previous) {
                duplicates++;
                continue;
            }
            any = true;
            previous = ti;
            while (ti >= days.midnight[d + 1]) {
                d++;
            }
            if (!days.trading[d]) {
                offCalendar++;
                continue;
            }
            if (ti < days.keepFrom[d] || ti >= days.keepTo[d]) {
                outOfSession++;
                continue;
            }
            checkPrices(raw, i);
            if (ti >= days.open[d] && ti < days.close[d]) {
                present[d]++;
            }
            if (seriesDay[d] < 0) {
                seriesDay[d] = seriesDays++;
            }
            t[kept] = ti;
            o[kept] = raw.open[i];
            h[kept] = raw.high[i];
            l[kept] = raw.low[i];
            c[kept] = raw.close[i];
            v[kept] = raw.volume[i];
            vw[kept] = raw.vwap[i];
            day[kept] = seriesDay[d];
            // Trading days are weekdays and US DST switches on Sundays, so minutes from midnight are wall-clock minutes.
            minute[kept] = (int) ((ti - days.midnight[d]) / MINUTE_MS);
            dow[kept] = days.dow[d];
            kept++;
        }
        LocalDate[] seriesDates = new LocalDate[seriesDays];
        List<DataQuality.DayCoverage> coverage = new ArrayList<>();
        List<LocalDate> incomplete = new ArrayList<>();
        List<LocalDate> missing = new ArrayList<>();
        for (int k = 0; k < days.count; k++) {
            if (!days.trading[k]) {
                continue;
            }
            LocalDate date = start.plusDays(k);
            if (seriesDay[k] >= 0) {
                seriesDates[seriesDay[k]] = date;
            } else {
                missing.add(date);
            }
            DataQuality.DayCoverage dc = new DataQuality.DayCoverage(date, days.expected[k], present[k]);
            coverage.add(dc);
            if (!dc.complete()) {
                incomplete.add(date);
            }
        }
        BarSeries series = new BarSeries(Arrays.copyOf(t, kept), Arrays.copyOf(o, kept), Arrays.copyOf(h, kept),
                Arrays.copyOf(l, kept), Arrays.copyOf(c, kept), Arrays.copyOf(v, kept), Arrays.copyOf(vw, kept),
                Arrays.copyOf(day, kept), Arrays.copyOf(minute, kept), Arrays.copyOf(dow, kept), seriesDates,
                barMinutes);
        DataQuality quality = new DataQuality(coverage, incomplete, missing, duplicates, offCalendar, outOfSession);
        return new SessionizedBars(series, quality);
    }

    private static void checkPrices(RawBars raw, int i) {
        checkPrice(raw, i, "open", raw.open[i]);
        checkPrice(raw, i, "high", raw.high[i]);
        checkPrice(raw, i, "low", raw.low[i]);
        checkPrice(raw, i, "close", raw.close[i]);
    }

    private static void checkPrice(RawBars raw, int i, String field, double price) {
        if (!(price > 0) || price == Double.POSITIVE_INFINITY) {
            throw new InvalidBarException("bar starting " + Instant.ofEpochMilli(raw.t[i]).atZone(NyseCalendar.ZONE)
                    + " (t=" + raw.t[i] + ") has non-positive or non-finite " + field + " price " + price);
        }
    }

    /** Indices of t in ascending time; ties keep source order so "keep the first duplicate" means first in the file. */
    static int[] timeOrder(long[] t) {
        int n = t.length;
        int[] order = new int[n];
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            if (i > 0 && t[i] < t[i - 1]) {
                sorted = false;
            }
        }
        if (!sorted) {
            mergeSort(order, new int[n], t, 0, n);
        }
        return order;
    }

    private static void mergeSort(int[] a, int[] tmp, long[] key, int from, int to) {
        if (to - from < 2) {
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, key, from, mid);
        mergeSort(a, tmp, key, mid, to);
        if (key[a[mid - 1]] <= key[a[mid]]) {
            return;
        }
        System.arraycopy(a, from, tmp, from, to - from);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || (i < mid && key[tmp[i]] <= key[tmp[j]])) {
                a[k] = tmp[i++];
            } else {
                a[k] = tmp[j++];
            }
        }
    }

    /** Per calendar date of the horizon: local midnight and the kept/regular windows as epoch ms. */
    private static final class Days {
        final int count;
        final long[] midnight;
        final boolean[] trading;
        final long[] open;
        final long[] close;
        final long[] keepFrom;
        final long[] keepTo;
        final int[] expected;
        final int[] dow;

        Days(NyseCalendar calendar, LocalDate start, LocalDate end, int barMinutes, boolean rthOnly) {
            count = (int) ChronoUnit.DAYS.between(start, end) + 1;
            midnight = new long[count + 1];
            trading = new boolean[count];
            open = new long[count];
            close = new long[count];
            keepFrom = new long[count];
            keepTo = new long[count];
            expected = new int[count];
            dow = new int[count];
            for (int k = 0; k <= count; k++) {
                LocalDate date = start.plusDays(k);
                midnight[k] = NyseCalendar.at(date, 0).toInstant().toEpochMilli();
                if (k == count || !calendar.isTradingDay(date)) {
                    continue;
                }
                Session session = calendar.session(date);
                trading[k] = true;
                open[k] = session.openEpochMs();
                close[k] = session.closeEpochMs();
                keepFrom[k] = rthOnly ? open[k] : NyseCalendar.at(date, EXTENDED_OPEN_MINUTE).toInstant().toEpochMilli();
                keepTo[k] = rthOnly ? close[k] : NyseCalendar.at(date, EXTENDED_CLOSE_MINUTE).toInstant().toEpochMilli();
                expected[k] = (session.minutes() + barMinutes - 1) / barMinutes;
                dow[k] = date.getDayOfWeek().getValue();
            }
        }
    }
}
