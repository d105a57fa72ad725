package io.revertiq.analysis.lake;

import java.time.LocalDate;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the lake holds of one (provider, ticker, interval): every date fetched, with the bars stored for it (0 for a
 * date the provider had nothing for), as its coverage manifest records them.
 *
 * @param dir the dataset's folder relative to the lake root, e.g. {@code market/polygon/bars/SPY/1m}
 */
public record LakeDataset(String provider, String ticker, String interval, String dir,
                          NavigableMap<LocalDate, Integer> barsByDate) {
    public LakeDataset {
        barsByDate = Collections.unmodifiableNavigableMap(new TreeMap<>(barsByDate));
    }
}
