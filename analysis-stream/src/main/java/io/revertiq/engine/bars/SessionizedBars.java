package io.revertiq.engine.bars;

/** The bar series of an analysis together with the quality report of how it was cut from the raw bars. */
public record SessionizedBars(BarSeries series, DataQuality quality) {
}
