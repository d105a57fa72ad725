package io.revertiq.analysis.lake;

import io.revertiq.avro.Bar;
import io.revertiq.engine.bars.RawBars;
import java.util.ArrayList;
import java.util.List;

/** {@link RawBars} (the engine's arrays) to and from {@link Bar} records (topics and lake files). */
public final class BarRecords {
    private BarRecords() {
    }

    /** Bar {@code i} of {@code bars} as a record; a NaN vwap becomes null (the schema's "none"). */
    public static Bar toBar(RawBars bars, int i, String ticker, String interval, String provider) {
        double vw = bars.vwap[i];
        return new Bar(ticker, interval, bars.t[i], bars.open[i], bars.high[i], bars.low[i], bars.close[i],
                bars.volume[i], Double.isNaN(vw) ? null : vw, null, provider);
    }

    public static List<Bar> toBars(RawBars bars, String ticker, String interval, String provider) {
        List<Bar> out = new ArrayList<>(bars.size());
        for (int i = 0; i < bars.size(); i++) {
            out.add(toBar(bars, i, ticker, interval, provider));
        }
        return out;
    }

    public static void add(RawBars.Builder out, Bar bar) {
        out.add(bar.getT(), bar.getO(), bar.getH(), bar.getL(), bar.getC(), bar.getV(),
                bar.getVw() == null ? Double.NaN : bar.getVw());
    }

    public static RawBars toRawBars(List<Bar> bars) {
        RawBars.Builder out = new RawBars.Builder(bars.size());
        for (Bar bar : bars) {
            add(out, bar);
        }
        return out.build();
    }
}
