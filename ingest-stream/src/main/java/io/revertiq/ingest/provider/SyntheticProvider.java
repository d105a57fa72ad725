package io.revertiq.ingest.provider;

import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.engine.synthetic.SyntheticMarket;
import io.revertiq.engine.synthetic.SyntheticMarket.PlantedCell;
import io.revertiq.ingest.provider.ProviderException.Kind;
import java.time.LocalDate;
import java.util.List;

/**
 * A deterministic market per ticker (seed mixed with the ticker's hash) from {@link SyntheticMarket}, with
 * optional planted mean-reverting cells. Each calendar year is generated on its own from a seed of (seed, ticker,
 * year), so any date's bars are the same whatever range asked for them: the lake may fetch a horizon piecewise
 * and still get one consistent market. The price restarts at each year boundary.
 */
public final class SyntheticProvider implements BarProvider {
    private final long seed;
    private final List<PlantedCell> planted;

    public SyntheticProvider(long seed, List<PlantedCell> planted) {
        this.seed = seed;
        this.planted = List.copyOf(planted);
    }

    @Override
    public String name() {
        return "synthetic";
    }

    @Override
    public RawBars fetch(String ticker, String interval, LocalDate from, LocalDate to) throws ProviderException {
        int minutes = Intervals.minutes(interval);
        Tickers.require(ticker);
        if (to.isBefore(from) || !NyseCalendar.covers(from) || !NyseCalendar.covers(to)) {
            throw new ProviderException(Kind.BAD_REQUEST, "dates " + from + ".." + to + " outside the calendar "
                    + NyseCalendar.FIRST + ".." + NyseCalendar.LAST);
        }
        RawBars.Builder out = new RawBars.Builder();
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            SyntheticMarket.Builder market = SyntheticMarket.builder(yearSeed(ticker, year))
                    .dates(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31))
                    .barMinutes(minutes);
            planted.forEach(market::plant);
            RawBars bars = BarDates.within(market.generate(), from, to);
            for (int i = 0; i < bars.size(); i++) {
                out.add(bars.t[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i], bars.volume[i],
                        bars.vwap[i]);
            }
        }
        return out.build();
    }

    /** SplitMix64 finalisers over (seed, ticker hash, year); String.hashCode is specified, so this is stable. */
    private long yearSeed(String ticker, int year) {
        return mix(mix(seed ^ ticker.hashCode()) + year);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
