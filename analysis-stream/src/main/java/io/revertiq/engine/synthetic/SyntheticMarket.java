package io.revertiq.engine.synthetic;

import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.engine.calendar.Session;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded market of regular-session bars on the NYSE trading days between two dates, for tests, benchmarks and
 * demos where the truth is known. The log price is a random walk whose per-bar volatility (and the volume) follows
 * an intraday U shape, with an overnight gap at each open; options add a drift (trend), turn the whole series into
 * an Ornstein-Uhlenbeck process around its (drifting) start level, or plant mean-reverting cells: inside a planted
 * (day of week, minutes) window the log price is pulled toward its level at the window's first bar, so z-score
 * reversion trades there pay while the rest of the day stays a random walk.
 *
 * <p>Same builder settings and seed give bit-identical bars on every JVM: only {@link SplittableRandom#nextDouble}
 * is used, with our own polar Box-Muller, because the JDK's nextGaussian algorithm is not specified.
 */
public final class SyntheticMarket {

    /**
     * A planted mean-reverting cell: bars of ISO day {@code dow} whose start minute of day lies in
     * [startMinute, endMinute) get a pull of {@code strength} (share of the deviation removed per bar, in (0, 1]).
     */
    public record PlantedCell(int dow, int startMinute, int endMinute, double strength) {
        public PlantedCell {
            if (dow < 1 || dow > 5 || startMinute < 0 || endMinute <= startMinute || endMinute > 24 * 60) {
                throw new IllegalArgumentException("bad planted cell " + dow + " " + startMinute + "-" + endMinute);
            }
            if (!(strength > 0 && strength <= 1)) {
                throw new IllegalArgumentException("planted strength must be in (0, 1], got " + strength);
            }
        }

        boolean contains(int isoDow, int minuteOfDay) {
            return isoDow == dow && minuteOfDay >= startMinute && minuteOfDay < endMinute;
        }
    }

    private static final double REGULAR_MINUTES = 390.0;
    private static final double TRADING_DAYS_PER_YEAR = 252.0;

    private final long seed;
    private final LocalDate from;
    private final LocalDate to;
    private final int barMinutes;
    private final double startPrice;
    private final double dailyVol;
    private final double overnightVol;
    private final double annualDrift;
    private final double ouPull;
    private final double baseVolume;
    private final List<PlantedCell> planted;

    private SyntheticMarket(Builder b) {
        this.seed = b.seed;
        this.from = b.from;
        this.to = b.to;
        this.barMinutes = b.barMinutes;
        this.startPrice = b.startPrice;
        this.dailyVol = b.dailyVol;
        this.overnightVol = b.overnightVol;
        this.annualDrift = b.annualDrift;
        this.ouPull = b.ouPull;
        this.baseVolume = b.baseVolume;
        this.planted = List.copyOf(b.planted);
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    public RawBars generate() {
        NyseCalendar calendar = NyseCalendar.instance();
        List<LocalDate> days = calendar.tradingDays(from, to);
        RawBars.Builder out = new RawBars.Builder(days.size() * (int) Math.ceil(REGULAR_MINUTES / barMinutes));
        SplittableRandom rng = new SplittableRandom(seed);
        Gaussian gauss = new Gaussian(rng);
        double barsPerDay = REGULAR_MINUTES / barMinutes;
        double drift = annualDrift / TRADING_DAYS_PER_YEAR / barsPerDay;
        double barVol = dailyVol / Math.sqrt(barsPerDay);
        PlantedCell[] cells = planted.toArray(new PlantedCell[0]);
        double y = Math.log(startPrice);
        double level = y;
        for (LocalDate date : days) {
            Session session = calendar.session(date);
            int dow = date.getDayOfWeek().getValue();
            int openMinute = session.openMinute();
            int minutes = session.minutes();
            int bars = (minutes + barMinutes - 1) / barMinutes;
            long openMs = session.openEpochMs();
            y += overnightVol * gauss.next();
            PlantedCell active = null;
            double anchor = 0;
            double prevClose = Math.exp(y);
            for (int j = 0; j < bars; j++) {
                int minute = openMinute + j * barMinutes;
                double x = (j * barMinutes + 0.5 * barMinutes) / minutes;
                double u = uShape(x);
                double sigma = barVol * u;
                PlantedCell cell = cellAt(cells, dow, minute);
                if (cell != null && cell != active) {
                    anchor = y;
                }
                active = cell;
                level += drift;
                double pull = 0;
                if (cell != null) {
                    pull = -cell.strength() * (y - anchor);
                } else if (ouPull > 0) {
                    pull = -ouPull * (y - level);
                }
                y += drift + pull + sigma * gauss.next();
                double o = prevClose;
                double c = Math.exp(y);
                double h = Math.max(o, c) * Math.exp(0.5 * sigma * Math.abs(gauss.next()));
                double l = Math.min(o, c) * Math.exp(-0.5 * sigma * Math.abs(gauss.next()));
                double v = Math.max(1, Math.rint(baseVolume * u * u * Math.exp(0.3 * gauss.next())));
                out.add(openMs + j * barMinutes * 60_000L, o, h, l, c, v, (o + h + l + c) / 4);
                prevClose = c;
            }
        }
        return out.build();
    }

    /** Intraday volatility multiplier over the session fraction x in [0, 1]: high at open and close, mean 1. */
    static double uShape(double x) {
        double d = 2 * x - 1;
        return (0.6 + 2.4 * d * d) / 1.4;
    }

    private static PlantedCell cellAt(PlantedCell[] cells, int dow, int minute) {
        for (PlantedCell cell : cells) {
            if (cell.contains(dow, minute)) {
                return cell;
            }
        }
        return null;
    }

    /** Polar Box-Muller over SplittableRandom, keeping the spare deviate. */
    private static final class Gaussian {
        private final SplittableRandom rng;
        private double spare;
        private boolean hasSpare;

        Gaussian(SplittableRandom rng) {
            this.rng = rng;
        }

        double next() {
            if (hasSpare) {
                hasSpare = false;
                return spare;
            }
            double a;
            double b;
            double s;
            do {
                a = 2 * rng.nextDouble() - 1;
                b = 2 * rng.nextDouble() - 1;
                s = a * a + b * b;
            } while (s >= 1 || s == 0);
            double f = Math.sqrt(-2 * Math.log(s) / s);
            spare = b * f;
            hasSpare = true;
            return a * f;
        }
    }

    /** Settings with defaults: 2024 through 2024-12-31, 1-minute bars, price 100, 1% daily volatility. */
    public static final class Builder {
        private final long seed;
        private LocalDate from = LocalDate.of(2024, 1, 1);
        private LocalDate to = LocalDate.of(2024, 12, 31);
        private int barMinutes = 1;
        private double startPrice = 100;
        private double dailyVol = 0.01;
        private double overnightVol = 0.003;
        private double annualDrift;
        private double ouPull;
        private double baseVolume = 50_000;
        private final List<PlantedCell> planted = new ArrayList<>();

        private Builder(long seed) {
            this.seed = seed;
        }

        /** Exchange dates, both inclusive; must lie inside the calendar coverage. */
        public Builder dates(LocalDate from, LocalDate to) {
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("to " + to + " is before from " + from);
            }
            this.from = from;
            this.to = to;
            return this;
        }

        public Builder barMinutes(int minutes) {
            if (minutes < 1 || minutes > 390) {
                throw new IllegalArgumentException("bar minutes must be 1..390, got " + minutes);
            }
            this.barMinutes = minutes;
            return this;
        }

        public Builder startPrice(double price) {
            if (!(price > 0)) {
                throw new IllegalArgumentException("start price must be positive, got " + price);
            }
            this.startPrice = price;
            return this;
        }

        /** Standard deviation of the regular session's log return; the overnight gap is separate. */
        public Builder dailyVol(double vol) {
            this.dailyVol = nonNegative(vol, "daily volatility");
            return this;
        }

        public Builder overnightVol(double vol) {
            this.overnightVol = nonNegative(vol, "overnight volatility");
            return this;
        }

        /** Annual log drift, spread evenly over the bars: a trend. */
        public Builder trend(double annualDrift) {
            this.annualDrift = annualDrift;
            return this;
        }

        /** Makes the whole series OU: each bar removes this share of the log price's distance from the drifting start level. */
        public Builder pureOu(double pullPerBar) {
            if (!(pullPerBar > 0 && pullPerBar <= 1)) {
                throw new IllegalArgumentException("OU pull must be in (0, 1], got " + pullPerBar);
            }
            this.ouPull = pullPerBar;
            return this;
        }

        public Builder baseVolume(double volume) {
            this.baseVolume = nonNegative(volume, "base volume");
            return this;
        }

        public Builder plant(PlantedCell cell) {
            planted.add(cell);
            return this;
        }

        public Builder plant(int dow, int startMinute, int endMinute, double strength) {
            return plant(new PlantedCell(dow, startMinute, endMinute, strength));
        }

        public SyntheticMarket build() {
            return new SyntheticMarket(this);
        }

        public RawBars generate() {
            return build().generate();
        }

        private static double nonNegative(double x, String what) {
            if (!(x >= 0)) {
                throw new IllegalArgumentException(what + " must be >= 0, got " + x);
            }
            return x;
        }
    }
}
