package io.revertiq.analysis.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.avro.ShardRef;
import io.revertiq.engine.request.AnalysisParams;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesKeysTest {
    private final AnalysisParams params = RequestParser.parse(PlantedAnalysis.REQUEST);

    @Test
    void theKeyCoversShardsHorizonBarAndSignalButNotGridCostsOrWindows() {
        List<ShardRef> shards = List.of(new ShardRef("2023-01-03", "synthetic/SYN/1m/2023-01-03.parquet", "aa", 390),
                new ShardRef("2023-01-04", "synthetic/SYN/1m/2023-01-04.parquet", "bb", 390));
        String key = SeriesKeys.series("synthetic", shards, params);
        String barsKey = SeriesKeys.bars("synthetic", shards, params);
        assertNotEquals(key, barsKey);
        assertEquals(key, SeriesKeys.series("synthetic", List.of(shards.get(1), shards.get(0)), params), "date order");
        AnalysisParams otherCosts = RequestParser.parse(PlantedAnalysis.REQUEST.replace("\"output\"",
                "\"costs\":{\"fee_bp\":3},\"params\":{\"entry_grid\":[-3]},\"output\"")
                .replace("09:30-11:30/60m", "10:00-11:00/30m"));
        assertNotEquals(params.costs(), otherCosts.costs());
        assertEquals(key, SeriesKeys.series("synthetic", shards, otherCosts));

        List<ShardRef> changed = List.of(shards.get(0),
                new ShardRef("2023-01-04", "synthetic/SYN/1m/2023-01-04.parquet", "cc", 391));
        assertNotEquals(key, SeriesKeys.series("synthetic", changed, params));
        AnalysisParams otherSignal = RequestParser.parse(PlantedAnalysis.REQUEST.replace("\"session_reset\":true",
                "\"session_reset\":true,\"detrend\":{\"method\":\"sma\",\"lookback\":30}"));
        assertNotEquals(params.signal(), otherSignal.signal());
        assertNotEquals(key, SeriesKeys.series("synthetic", shards, otherSignal));
        assertEquals(barsKey, SeriesKeys.bars("synthetic", shards, otherSignal), "the bars do not depend on the signal");
        assertNotEquals(barsKey, SeriesKeys.bars("synthetic", changed, params));
        assertNotEquals(barsKey, SeriesKeys.bars("polygon", shards, params));
    }
}
