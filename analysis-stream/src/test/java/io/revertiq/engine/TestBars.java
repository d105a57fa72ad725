package io.revertiq.engine;

import io.revertiq.engine.bars.BarSeries;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Fabricates small {@link BarSeries} for tests and benchmarks (open = high = low = close unless given). */
public final class TestBars {
    private TestBars() {
    }

    /** One trading day: bar start minutes and closes, optional volumes / VWAPs / highs / lows (null = defaults). */
    public record Day(LocalDate date, int[] minutes, double[] closes, double[] volumes, double[] vwaps,
                      double[] highs, double[] lows) {
        public Day(LocalDate date, int[] minutes, double[] closes) {
            this(date, minutes, closes, null, null, null, null);
        }
    }

    public static BarSeries of(int barMinutes, Day... days) {
        return of(barMinutes, Arrays.asList(days));
    }

    public static BarSeries of(int barMinutes, List<Day> days) {
        int n = days.stream().mapToInt(d -> d.minutes().length).sum();
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
        LocalDate[] dates = new LocalDate[days.size()];
        int k = 0;
        for (int d = 0; d < days.size(); d++) {
            Day x = days.get(d);
            dates[d] = x.date();
            for (int i = 0; i < x.minutes().length; i++, k++) {
                // exchange time treated as UTC-5 here: t only has to be increasing for the engine
                t[k] = (x.date().toEpochDay() * 1440 + x.minutes()[i] + 300) * 60_000L;
                c[k] = x.closes()[i];
                o[k] = c[k];
                h[k] = x.highs() == null ? c[k] : x.highs()[i];
                l[k] = x.lows() == null ? c[k] : x.lows()[i];
                v[k] = x.volumes() == null ? 1000 : x.volumes()[i];
                vw[k] = x.vwaps() == null ? Double.NaN : x.vwaps()[i];
                day[k] = d;
                minute[k] = x.minutes()[i];
                dow[k] = x.date().getDayOfWeek().getValue();
            }
        }
        return new BarSeries(t, o, h, l, c, v, vw, day, minute, dow, dates, barMinutes);
    }

    /** Minutes start, start+step, ... (count of them). */
    public static int[] minutes(int start, int step, int count) {
        int[] m = new int[count];
        for (int i = 0; i < count; i++) {
            m[i] = start + i * step;
        }
        return m;
    }

    /** Weekdays from {@code first} on (no holidays), {@code count} of them. */
    public static List<LocalDate> weekdays(LocalDate first, int count) {
        List<LocalDate> out = new ArrayList<>(count);
        LocalDate d = first;
        while (out.size() < count) {
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                out.add(d);
            }
            d = d.plusDays(1);
        }
        return out;
    }

    /**
     * A seeded log-random-walk of {@code nDays} weekdays x {@code barsPerDay} bars from minute {@code firstMinute},
     * plus an AR(1) (0.9) noise component so that entries revert and cells have an edge to find.
     */
    public static BarSeries randomWalk(long seed, int nDays, int firstMinute, int barsPerDay, int barMinutes) {
        return of(barMinutes, randomWalkDays(seed, nDays, firstMinute, barsPerDay, barMinutes, 0.0006));
    }

    /** A pure seeded log-random-walk (1-bar log return sd 0.0004): no edge anywhere. */
    public static BarSeries pureRandomWalk(long seed, int nDays, int firstMinute, int barsPerDay, int barMinutes) {
        return of(barMinutes, randomWalkDays(seed, nDays, firstMinute, barsPerDay, barMinutes, 0));
    }

    /** The days of {@link #randomWalk}, for tests that edit them (gaps, early closes) before building. */
    public static List<Day> randomWalkDays(long seed, int nDays, int firstMinute, int barsPerDay, int barMinutes,
                                           double noiseSd) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Day> days = new ArrayList<>();
        double trend = Math.log(100);
        double noise = 0;
        for (LocalDate date : weekdays(LocalDate.of(2023, 1, 2), nDays)) {
            double[] c = new double[barsPerDay];
            double[] v = new double[barsPerDay];
            for (int i = 0; i < barsPerDay; i++) {
                trend += 0.0004 * gaussian(rng);
                noise = 0.9 * noise + noiseSd * gaussian(rng);
                c[i] = Math.exp(trend + noise);
                v[i] = 500 + rng.nextInt(2000);
            }
            days.add(new Day(date, minutes(firstMinute, barMinutes, barsPerDay), c, v, null, null, null));
        }
        return days;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller keeps the generator the only source of randomness, so series are reproducible across JDKs
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
