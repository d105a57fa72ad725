package io.revertiq.engine.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.testsupport.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NyseCalendarTest {
    private final NyseCalendar cal = NyseCalendar.instance();

    @Test
    void everyDateMatchesReferenceList() throws IOException {
        Map<LocalDate, String> reference = new HashMap<>();
        List<String> lines = Files.readAllLines(SharedData.data("calendar/nyse.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            reference.put(LocalDate.parse(f[0]), f[1]);
        }
        int holidays = 0;
        int early = 0;
        for (LocalDate d = NyseCalendar.FIRST; !d.isAfter(NyseCalendar.LAST); d = d.plusDays(1)) {
            String expected = reference.get(d);
            boolean weekend = d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
            assertEquals("holiday".equals(expected), cal.isHoliday(d), "holiday " + d);
            assertEquals("early_close_13:00".equals(expected), cal.isEarlyClose(d), "early close " + d);
            assertEquals(!weekend && !"holiday".equals(expected), cal.isTradingDay(d), "trading " + d);
            if (cal.isHoliday(d)) {
                holidays++;
            }
            if (cal.isEarlyClose(d)) {
                early++;
                assertEquals(13 * 60, cal.session(d).closeMinute());
            }
        }
        assertEquals(124, holidays);
        assertEquals(26, early);
    }

    @Test
    void sessionsAreDstCorrect() {
        Session winter = cal.session(LocalDate.of(2024, 1, 3));
        Session summer = cal.session(LocalDate.of(2024, 7, 3));
        assertEquals(14, winter.open().withZoneSameInstant(ZoneOffset.UTC).getHour());
        assertEquals(30, winter.open().withZoneSameInstant(ZoneOffset.UTC).getMinute());
        assertEquals(13, summer.open().withZoneSameInstant(ZoneOffset.UTC).getHour());
        assertEquals(390, winter.minutes());
        assertEquals(210, summer.minutes());
        assertTrue(summer.isEarlyClose());
        assertFalse(winter.isEarlyClose());
        assertEquals(570, winter.openMinute());
        assertEquals(winter.openEpochMs() + 390 * 60_000L, winter.closeEpochMs());
    }

    @Test
    void tradingDaysAndEaster() {
        assertEquals(List.of(LocalDate.of(2025, 1, 8), LocalDate.of(2025, 1, 10)),
                cal.tradingDays(LocalDate.of(2025, 1, 8), LocalDate.of(2025, 1, 12)));
        assertEquals(LocalDate.of(2024, 3, 31), NyseCalendar.easterSunday(2024));
        assertEquals(LocalDate.of(2019, 4, 21), NyseCalendar.easterSunday(2019));
        assertEquals(252, cal.tradingDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)).size());
    }

    @Test
    void outsideCoverageIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cal.isTradingDay(LocalDate.of(2014, 12, 31)));
        assertTrue(e.getMessage().contains("outside the NYSE calendar coverage"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cal.session(LocalDate.of(2024, 12, 25)));
    }
}
