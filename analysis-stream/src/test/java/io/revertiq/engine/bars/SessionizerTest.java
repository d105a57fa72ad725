package io.revertiq.engine.bars;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.io.BarFileReader;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.testsupport.SharedData;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionizerTest {
    private final Sessionizer sessionizer = new Sessionizer(NyseCalendar.instance());

    private static long ny(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(NyseCalendar.ZONE).toInstant().toEpochMilli();
    }

    private static DataQuality.DayCoverage coverage(DataQuality q, LocalDate date) {
        return q.days().stream().filter(d -> d.date().equals(date)).findFirst().orElseThrow();
    }

    @Test
    void spy5mReportsMissingAndPartialDays() throws IOException {
        RawBars raw = BarFileReader.read(SharedData.data("bars/SPY_5m_2022-02-14_2023-06-22_rth.csv"));
        SessionizedBars out = sessionizer.sessionize(raw, LocalDate.of(2022, 2, 14), LocalDate.of(2023, 6, 22), 5, true);
        DataQuality q = out.quality();
        assertEquals(26_376, out.series().size());
        assertEquals(339, out.series().days.length);
        assertEquals(List.of(LocalDate.of(2023, 2, 10)), q.missingDays());
        assertEquals(List.of(LocalDate.of(2022, 11, 23), LocalDate.of(2023, 2, 10)), q.incompleteDays());
        assertEquals(new DataQuality.DayCoverage(LocalDate.of(2022, 11, 23), 78, 48), coverage(q, LocalDate.of(2022, 11, 23)));
        assertEquals(new DataQuality.DayCoverage(LocalDate.of(2022, 11, 25), 42, 42), coverage(q, LocalDate.of(2022, 11, 25)));
        assertEquals(0, q.duplicatesDropped() + q.offCalendarDropped() + q.outOfSessionDropped());
        assertEquals(340, q.days().size());
    }

    @Test
    void spy1mHasFullEarlyCloseAndPartialLastDay() throws IOException {
        RawBars raw = BarFileReader.read(SharedData.data("bars/SPY_1m_2024-03-26_2025-04-02_rth.csv.gz"));
        SessionizedBars out = sessionizer.sessionize(raw, LocalDate.of(2024, 3, 26), LocalDate.of(2025, 4, 2), 1, true);
        DataQuality q = out.quality();
        BarSeries s = out.series();
        assertEquals(99_264, s.size());
        assertTrue(q.missingDays().isEmpty());
        for (DataQuality.DayCoverage day : q.days()) {
            boolean early = NyseCalendar.instance().isEarlyClose(day.date());
            assertEquals(early ? 210 : 390, day.expected(), day.date().toString());
            if (!day.date().equals(LocalDate.of(2025, 4, 2))) {
                assertEquals(day.expected(), day.present(), day.date().toString());
            }
        }
        assertEquals(List.of(LocalDate.of(2024, 7, 3), LocalDate.of(2024, 11, 29), LocalDate.of(2024, 12, 24)),
                q.days().stream().filter(d -> d.expected() == 210).map(DataQuality.DayCoverage::date).toList());
        assertEquals(354, coverage(q, LocalDate.of(2025, 4, 2)).present());
        assertEquals(15 * 60 + 23, s.minuteOfDay[s.size() - 1]);
        assertEquals(9 * 60 + 30, s.minuteOfDay[0]);
        assertEquals(LocalDate.of(2025, 4, 2), s.days[s.day[s.size() - 1]]);
        assertTrue(q.incompleteDays().isEmpty(), "354/390 is above the 90% line");
    }

    @Test
    void dropsAndCountsDuplicatesOffCalendarAndOutOfSession() {
        RawBars raw = new RawBars.Builder()
                .add(ny("2024-07-03T12:59"), 3, 3, 3, 3, 1, Double.NaN)   // early close: last RTH minute
                .add(ny("2024-07-03T09:30"), 1, 1, 1, 1, 1, Double.NaN)
                .add(ny("2024-07-03T09:30"), 2, 2, 2, 2, 1, Double.NaN)   // duplicate, later in file: dropped
                .add(ny("2024-07-03T13:00"), 4, 4, 4, 4, 1, Double.NaN)   // after the early close
                .add(ny("2024-07-03T08:00"), 5, 5, 5, 5, 1, Double.NaN)   // pre-market
                .add(ny("2024-07-04T10:00"), 6, 6, 6, 6, 1, Double.NaN)   // holiday
                .add(ny("2024-07-06T10:00"), 7, 7, 7, 7, 1, Double.NaN)   // Saturday
                .add(ny("2024-07-05T16:00"), 8, 8, 8, 8, 1, Double.NaN)   // at the close: out
                .add(ny("2024-07-05T15:59"), 9, 9, 9, 9, 1, Double.NaN)
                .add(ny("2024-07-09T10:00"), 0, 0, 0, 0, 1, Double.NaN)   // outside the horizon: ignored
                .build();
        SessionizedBars rth = sessionizer.sessionize(raw, LocalDate.of(2024, 7, 2), LocalDate.of(2024, 7, 8), 1, true);
        BarSeries s = rth.series();
        assertArrayEquals(new double[] {1, 3, 9}, s.close);
        assertArrayEquals(new int[] {570, 779, 959}, s.minuteOfDay);
        assertArrayEquals(new int[] {0, 0, 1}, s.day);
        assertArrayEquals(new int[] {3, 3, 5}, s.dow);
        assertArrayEquals(new LocalDate[] {LocalDate.of(2024, 7, 3), LocalDate.of(2024, 7, 5)}, s.days);
        assertTrue(s.isSessionLast(1));
        assertFalse(s.isSessionLast(0));
        DataQuality q = rth.quality();
        assertEquals(1, q.duplicatesDropped());
        assertEquals(2, q.offCalendarDropped());
        assertEquals(3, q.outOfSessionDropped());
        assertEquals(List.of(LocalDate.of(2024, 7, 2), LocalDate.of(2024, 7, 8)), q.missingDays());

        SessionizedBars extended = sessionizer.sessionize(raw, LocalDate.of(2024, 7, 2), LocalDate.of(2024, 7, 8), 1, false);
        assertArrayEquals(new double[] {5, 1, 3, 4, 9, 8}, extended.series().close);
        assertEquals(0, extended.quality().outOfSessionDropped());
        assertEquals(2, coverage(extended.quality(), LocalDate.of(2024, 7, 3)).present());
    }

    @Test
    void expectedBarsRoundUpPartialSlots() {
        RawBars none = new RawBars.Builder().build();
        DataQuality q = sessionizer.sessionize(none, LocalDate.of(2024, 7, 3), LocalDate.of(2024, 7, 5), 60, true).quality();
        assertEquals(4, q.days().get(0).expected());
        assertEquals(7, q.days().get(1).expected());
        assertEquals(q.missingDays(), q.incompleteDays());
    }

    @Test
    void rejectsNonPositivePrices() {
        RawBars raw = new RawBars.Builder().add(ny("2024-07-05T10:00"), 1, 1, -1, 1, 1, Double.NaN).build();
        InvalidBarException e = assertThrows(InvalidBarException.class,
                () -> sessionizer.sessionize(raw, LocalDate.of(2024, 7, 5), LocalDate.of(2024, 7, 5), 1, true));
        assertTrue(e.getMessage().contains("low price -1.0"), e.getMessage());
        assertTrue(e.getMessage().contains("2024-07-05T10:00-04:00"), e.getMessage());
    }

    @Test
    void horizonOutsideCalendarIsAClearError() {
        RawBars none = new RawBars.Builder().build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sessionizer.sessionize(none, LocalDate.of(2014, 12, 1), LocalDate.of(2015, 1, 5), 1, true));
        assertTrue(e.getMessage().contains("coverage"), e.getMessage());
    }

    @Test
    void takesHorizonWidthAndHoursFromTheRequest() {
        RawBars raw = new RawBars.Builder()
                .add(ny("2024-07-05T08:00"), 1, 1, 1, 1, 1, Double.NaN)
                .add(ny("2024-07-05T09:30"), 2, 2, 2, 2, 1, Double.NaN)
                .add(ny("2024-07-08T09:30"), 3, 3, 3, 3, 1, Double.NaN)
                .build();
        SessionizedBars out = sessionizer.sessionize(raw, RequestParser.parse(
                "{\"ticker\":\"SPY\",\"horizon\":{\"start\":\"2024-07-05\",\"end\":\"2024-07-05\"},"
                        + "\"bar\":{\"interval\":\"5m\",\"rth_only\":false}}"));
        assertArrayEquals(new double[] {1, 2}, out.series().close);
        assertEquals(5, out.series().barMinutes);
        assertEquals(78, out.quality().days().get(0).expected());
    }

    @Test
    void stableTimeOrder() {
        assertArrayEquals(new int[] {1, 3, 0, 2, 4}, Sessionizer.timeOrder(new long[] {5, 1, 5, 1, 9}));
    }
}
