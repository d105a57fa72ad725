package io.revertiq.engine.cell;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.revertiq.engine.TestBars.minutes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WindowStats, CellHalfLife and Stability on crafted trades and slices. */
class CellStatsTest {

    private static Trades trades() {
        Trades t = new Trades(4);
        t.add(0, 5, ExitReason.MEAN, 11.5, 1.5);
        t.add(1, 10, ExitReason.TIME, -3.5, 1.5);
        t.add(2, 7, ExitReason.MEAN, 21.5, 1.5);
        t.add(3, 20, ExitReason.MEAN, 6.5, 1.5);
        return t;
    }

    @Test
    void windowStats() {
        WindowStats s = WindowStats.of(trades(), 252);
        // net 10, -5, 20, 5: mean 7.5, squared deviations sum 325, one year of OOS days -> 4 trades per year
        assertEquals(4, s.nTrades());
        assertEquals(7.5, s.oosRetPerTradeBp(), 1e-12);
        assertEquals(0.75, s.hitRate(), 0);
        assertEquals(7.5 / Math.sqrt(325.0 / 3) * 2, s.oosSharpe(), 1e-12);
        assertEquals(7.0, s.medianTimeToMeanMin(), 0);
        assertEquals(9.0, s.costBreakEvenBp(), 1e-12);
        assertEquals(Map.of("mean", 3, "time", 1, "session_end", 0), s.exitReasons());
        assertEquals(7.5 / Math.sqrt(325.0 / 3) * 4, WindowStats.of(trades(), 63).oosSharpe(), 1e-12);

        WindowStats none = WindowStats.of(new Trades(1), 0);
        assertEquals(0, none.nTrades());
        assertNull(none.oosRetPerTradeBp());
        assertNull(none.oosSharpe());
        assertNull(none.medianTimeToMeanMin());
    }

    @Test
    void halfLifeFromInBinPairsOnly() {
        // in the bin z halves every bar (b = -0.5: theta = ln 2, one bar = 5 minutes); outside it z is wild
        Slices s = new Slices(600, 620, 5, 3);
        double[] starts = {4, -2, 3};
        for (int d = 0; d < 3; d++) {
            double z0 = starts[d];
            s.day(d, minutes(595, 5, 6), new double[] {1, 1, 1, 1, 1, 1},
                    new double[] {100 * (d + 1), z0, z0 / 2, z0 / 4, z0 / 8, -50}, true);
        }
        assertEquals(5.0, CellHalfLife.of(s.build()), 1e-9);

        Slices away = new Slices(600, 620, 5, 2);
        away.day(0, minutes(600, 5, 4), new double[] {1, 1, 1, 1}, new double[] {1, 1.1, 1.21, 1.331}, true);
        away.day(1, minutes(600, 5, 4), new double[] {1, 1, 1, 1}, new double[] {-2, -2.2, -2.42, -2.662}, true);
        assertNull(CellHalfLife.of(away.build()));
    }

    @Test
    void stabilityPerQuarterWhenTheHorizonIsShort() {
        int[] days = epochDays("2023-01-03", "2023-02-01", "2023-04-03", "2023-04-04", "2023-07-03", "2024-01-02");
        boolean[] oos = {true, false, true, true, true, false};
        Trades t = new Trades(4);
        t.add(0, 5, ExitReason.MEAN, 11.5, 1.5);
        t.add(0, 5, ExitReason.MEAN, 21.5, 1.5);
        t.add(3, 5, ExitReason.MEAN, 4, 1.5);
        Stability s = Stability.of(t, oos, days);
        // 2023Q1: net 10 and 20 over one OOS day: 15 / (10/sqrt2) x sqrt(2 x 252); 2024Q1 has no OOS day
        assertEquals(List.of(new Stability.Period("2023Q1", 2, Math.round(1.5 * Math.sqrt(1008) * 1e9) / 1e9),
                new Stability.Period("2023Q2", 1, null), new Stability.Period("2023Q3", 0, null)),
                withRoundedSharpe(s.periods()));
        assertFalse(s.driftFlag());

        Stability yearly = Stability.of(new Trades(1), new boolean[] {true, true, true},
                epochDays("2020-01-02", "2021-06-01", "2023-03-01"));
        assertEquals(List.of("2020", "2021", "2023"), yearly.periods().stream().map(Stability.Period::period).toList());
    }

    @Test
    void driftNeedsThreeSharpesAndALastOneBelowMedianMinusOneSd() {
        // median 1.9, sd 1.509 -> threshold 0.391
        assertTrue(Stability.drift(periods(2.0, 2.2, 1.8, -1.0)));
        // 2, 2.2, 1.8, 1.7: median 1.9, sd 0.2217 -> threshold 1.678
        assertFalse(Stability.drift(periods(2.0, 2.2, 1.8, 1.7)));
        assertFalse(Stability.drift(periods(1.0, 2.0, 1.5)));
        // nulls are left out: two Sharpes are too few
        assertFalse(Stability.drift(periods(2.0, null, -5.0)));
        // the last period with a Sharpe counts as the latest
        assertTrue(Stability.drift(periods(2.0, 2.2, 1.8, -1.0, null)));
    }

    private static List<Stability.Period> periods(Double... sharpes) {
        return java.util.stream.IntStream.range(0, sharpes.length)
                .mapToObj(i -> new Stability.Period("P" + i, 10, sharpes[i])).toList();
    }

    private static List<Stability.Period> withRoundedSharpe(List<Stability.Period> ps) {
        return ps.stream().map(p -> new Stability.Period(p.period(), p.n(),
                p.sharpe() == null ? null : Math.round(p.sharpe() * 1e9) / 1e9)).toList();
    }

    private static int[] epochDays(String... dates) {
        return java.util.Arrays.stream(dates).mapToInt(d -> (int) LocalDate.parse(d).toEpochDay()).toArray();
    }
}
