package io.revertiq.analysis.stream;

import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.synthetic.SyntheticMarket;
import java.time.LocalDate;

/**
 * A year of synthetic 1-minute bars with one planted mean-reverting window (Monday 10:30-11:30) and a request
 * that finds it: some cells are significant, some insufficient, and z restarts every session so slices carry NaN.
 */
public final class PlantedAnalysis {
    public static final String REQUEST = """
            {"ticker":"SYN","horizon":{"start":"2023-01-03","end":"2023-12-29"},"bar":{"interval":"1m"},
             "windows":{"spec":"09:30-11:30/60m"},
             "signal":{"session_reset":true},
             "walk_forward":{"train_days":60,"test_days":20,"step_days":20},
             "significance":{"min_trades":30,"bootstrap_samples":1000},
             "output":{"explain":true}}""";

    private PlantedAnalysis() {
    }

    public static RawBars bars() {
        return SyntheticMarket.builder(11).dates(LocalDate.of(2023, 1, 3), LocalDate.of(2023, 12, 29))
                .plant(1, 10 * 60 + 30, 11 * 60 + 30, 0.6).generate();
    }
}
