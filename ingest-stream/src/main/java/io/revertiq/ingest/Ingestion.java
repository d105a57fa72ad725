package io.revertiq.ingest;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.lake.ParquetLake;
import io.revertiq.analysis.stream.RequestMapping;
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
import java.util.List;

/**
 * One request's ingest, free of Kafka: cover the horizon in the lake, load its shards back (sha256-verified) and
 * hash the bars the analysis will use exactly as {@code Analysis.prepare} does, so the analysis stage can check
 * it re-read the same data.
 */
public final class Ingestion {
    private final ParquetLake lake;
    private final BarProvider provider;
    private final LakeFiller filler;

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
        RawBars raw = lake.load(shards);
        BarSeries series = new Sessionizer(NyseCalendar.instance()).sessionize(raw, params).series();
        if (series.size() == 0) {
            // the same refusal Analysis.prepare makes, raised here so the request fails before any fan-out
            throw new InvalidArgumentException("horizon", "no bars of the data lie in the horizon " + from + ".." + to
                    + " during the kept hours", "choose a horizon the data covers");
        }
        return DataReady.newBuilder()
                .setAnalysisId(request.getAnalysisId())
                .setRequest(request)
                .setProvider(provider.name())
                .setQueryFrom(from.toString())
                .setQueryTo(to.toString())
                .setShards(shards)
                .setBarCount(raw.size())
                .setDataHash(DataHash.of(series, RequestParser.canonicalJson(params)))
                .build();
    }
}
