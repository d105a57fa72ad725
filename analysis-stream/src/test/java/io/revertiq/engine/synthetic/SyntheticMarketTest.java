package io.revertiq.engine.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.engine.bars.BarSeries;
import io.revertiq.engine.bars.DataQuality;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.bars.SessionizedBars;
import io.revertiq.engine.bars.Sessionizer;
import io.revertiq.engine.calendar.NyseCalendar;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticMarketTest {
    private static final LocalDate FROM = LocalDate.of(2024, 1, 1);
    private static final LocalDate TO = LocalDate.of(2024, 12, 31);

    @Test
    void sameSeedSameBars() {
        RawBars a = SyntheticMarket.builder(42).dates(FROM, LocalDate.of(2024, 3, 31)).trend(0.1).generate();
        RawBars b = SyntheticMarket.builder(42).dates(FROM, LocalDate.of(2024, 3, 31)).trend(0.1).generate();
        RawBars c = SyntheticMarket.builder(43).dates(FROM, LocalDate.of(2024, 3, 31)).trend(0.1).generate();
        assertArrayEquals(a.t, b.t);
        assertArrayEquals(a.open, b.open);
        assertArrayEquals(a.high, b.high);
        assertArrayEquals(a.low, b.low);
        assertArrayEquals(a.close, b.close);
        assertArrayEquals(a.volume, b.volume);
        assertArrayEquals(a.vwap, b.vwap);
        assertFalse(Arrays.equals(a.close, c.close));
    }

    @Test
    void barsFollowTheCalendar() {
        RawBars raw = SyntheticMarket.builder(7).dates(FROM, TO).generate();
        SessionizedBars out = new Sessionizer(NyseCalendar.instance()).sessionize(raw, FROM, TO, 1, true);
        DataQuality q = out.quality();
        assertEquals(raw.size(), out.series().size(), "every generated bar lies in a session");
        assertEquals(0, q.duplicatesDropped() + q.offCalendarDropped() + q.outOfSessionDropped());
        assertTrue(q.incompleteDays().isEmpty());
        assertEquals(252, q.days().size());
        for (DataQuality.DayCoverage day : q.days()) {
            assertEquals(NyseCalendar.instance().isEarlyClose(day.date()) ? 210 : 390, day.present());
        }
        for (int i = 0; i < raw.size(); i++) {
            assertTrue(raw.high[i] >= Math.max(raw.open[i], raw.close[i]) && raw.low[i] <= Math.min(raw.open[i], raw.close[i]));
            assertTrue(raw.low[i] > 0 && raw.volume[i] >= 1);
        }
        RawBars fiveMin = SyntheticMarket.builder(7).dates(LocalDate.of(2024, 11, 29), LocalDate.of(2024, 12, 2))
                .barMinutes(5).generate();
        assertEquals(42 + 78, fiveMin.size());
    }

    @Test
    void plantedWindowRevertsWhileTheRestWalks() {
        int start = 10 * 60;
        int end = 11 * 60;
        RawBars raw = SyntheticMarket.builder(2024).dates(FROM, TO).plant(1, start, end, 0.5).generate();
        BarSeries s = new Sessionizer(NyseCalendar.instance()).sessionize(raw, FROM, TO, 1, true).series();
        double inside = lag1ReturnAutocorrelation(s, true, 1, start, end);
        double outside = lag1ReturnAutocorrelation(s, false, 1, start, end);
        double otherDays = lag1ReturnAutocorrelation(s, true, 3, start, end);
        assertTrue(inside < -0.1, "inside " + inside);
        assertTrue(Math.abs(outside) < 0.03, "outside " + outside);
        assertTrue(Math.abs(otherDays) < 0.08, "same window on Wednesdays " + otherDays);
    }

    @Test
    void pureOuRevertsAndTrendDrifts() {
        RawBars ou = SyntheticMarket.builder(5).dates(FROM, TO).pureOu(0.05).generate();
        BarSeries s = new Sessionizer(NyseCalendar.instance()).sessionize(ou, FROM, TO, 1, true).series();
        assertTrue(lag1ReturnAutocorrelation(s, false, 0, 0, 0) < -0.01);
        double maxDistance = Arrays.stream(ou.close).map(c -> Math.abs(Math.log(c / 100))).max().orElseThrow();
        assertTrue(maxDistance < 0.05, "OU stays near its level: " + maxDistance);

        RawBars up = SyntheticMarket.builder(5).dates(FROM, TO).dailyVol(0.002).overnightVol(0).trend(0.5).generate();
        double logGain = Math.log(up.close[up.size() - 1] / up.open[0]);
        assertEquals(0.5, logGain, 0.1);
    }

    /**
     * Lag-1 autocorrelation of consecutive 1-bar log returns of the same session; with {@code inWindow} only pairs
     * of bars of ISO day {@code dow} inside [start, end), else only pairs entirely outside that cell.
     */
    private static double lag1ReturnAutocorrelation(BarSeries s, boolean inWindow, int dow, int start, int end) {
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int i = 2; i < s.size(); i++) {
            if (s.day[i - 2] != s.day[i]) {
                continue;
            }
            boolean cell = s.dow[i] == dow && s.minuteOfDay[i - 2] >= start && s.minuteOfDay[i] < end;
            boolean touches = s.dow[i] == dow && s.minuteOfDay[i] >= start && s.minuteOfDay[i - 2] < end;
            if (inWindow ? !cell : touches) {
                continue;
            }
            double x = Math.log(s.close[i - 1] / s.close[i - 2]);
            double y = Math.log(s.close[i] / s.close[i - 1]);
            sxy += x * y;
            sxx += x * x;
            syy += y * y;
            sx += x;
            sy += y;
            n++;
        }
        double cov = sxy / n - sx / n * sy / n;
        return cov / Math.sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
    }
}
