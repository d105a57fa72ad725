package io.revertiq.ingest;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.analysis.stream.RequestMapping;
import io.revertiq.analysis.stream.SeriesKeys;
import io.revertiq.avro.AnalysisRequest;
import io.revertiq.avro.DataReady;
import io.revertiq.avro.ShardRef;
import io.revertiq.engine.bars.BarSeries;
import io.revertiq.engine.bars.DataHash;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.bars.Sessionizer;
import io.revertiq.engine.calendar.NyseCalendar;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.request.InvalidArgumentException;
import io.revertiq.ingest.provider.BarProvider;
import io.revertiq.ingest.provider.ProviderException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request's ingest, free of Kafka: cover the horizon in the lake, load its shards back (sha256-verified) and
 * hash the bars the analysis will use exactly as {@code Analysis.prepare} does, so the analysis stage can check
 * it re-read the same data.
 */
public final class Ingestion {
    private static final int DIGESTS = 256;
    private final ParquetLake lake;
    private final BarProvider provider;
    private final LakeFiller filler;
    /**
     * Digests of recently ingested bars by {@link SeriesKeys#bars} (shard contents, horizon, bar settings): requests
     * over the same bars (other costs, grids, windows or signals) skip loading, sessionising and hashing them.
     */
    private final Map<String, BarsDigest> digests = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BarsDigest> eldest) {
            return size() > DIGESTS;
        }
    });

    public Ingestion(ParquetLake lake, BarProvider provider) {
        this.lake = lake;
        this.provider = provider;
        this.filler = new LakeFiller(lake, provider);
    }

    /**
     * @throws ProviderException         the provider could not deliver the missing dates
     * @throws IOException               the lake could not be written or read (a corrupt shard included)
     * @throws IllegalArgumentException  the request or the bars are invalid (no bars in the horizon included)
     */
    public DataReady ingest(AnalysisRequest request) throws ProviderException, IOException {
        AnalysisParams params = RequestMapping.toParams(request);
        String ticker = params.ticker();
        String interval = params.bar().interval();
        LocalDate from = params.horizon().start();
        LocalDate to = params.horizon().end();
        filler.ensure(ticker, interval, from, to);
        List<ShardRef> shards = lake.shards(provider.name(), ticker, interval, from, to);
        String key = SeriesKeys.bars(provider.name(), shards, params);
        BarsDigest digest = digests.get(key);
        if (digest == null) {
            digest = digest(shards, params);
            digests.put(key, digest);
        }
        return DataReady.newBuilder()
                .setAnalysisId(request.getAnalysisId())
                .setRequest(request)
                .setProvider(provider.name())
                .setQueryFrom(from.toString())
                .setQueryTo(to.toString())
                .setShards(shards)
                .setBarCount(digest.rawBars())
                .setDataHash(digest.bars().with(RequestParser.canonicalJson(params)))
                .build();
    }

    /** Loads, sessionises and hashes the bars of the shards, as {@code Analysis.prepare} does. */
    private BarsDigest digest(List<ShardRef> shards, AnalysisParams params) throws IOException {
        RawBars raw = lake.load(shards);
        BarSeries series = new Sessionizer(NyseCalendar.instance()).sessionize(raw, params).series();
        if (series.size() == 0) {
            // the same refusal Analysis.prepare makes, raised here so the request fails before any fan-out
            throw new InvalidArgumentException("horizon", "no bars of the data lie in the horizon "
                    + params.horizon().start() + ".." + params.horizon().end() + " during the kept hours",
                    "choose a horizon the data covers");
        }
        return new BarsDigest(DataHash.bars(series), raw.size());
    }

    /** A horizon's sessionised bars as a digest (each parameter set's data_hash follows from it); the raw count. */
    private record BarsDigest(DataHash.Bars bars, int rawBars) {
    }
}
