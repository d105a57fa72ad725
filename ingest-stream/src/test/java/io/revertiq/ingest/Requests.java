package io.revertiq.ingest;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.stream.RequestMapping;
import io.revertiq.avro.AnalysisRequest;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.bars.RawBars;
import io.revertiq.engine.request.AnalysisParams;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Resolved analysis requests for the ingest tests, and the data_hash the offline engine gives them. */
final class Requests {
    private Requests() {
    }

    static AnalysisParams params(String ticker, LocalDate start, LocalDate end) {
        return new AnalysisParams(ticker, new AnalysisParams.Horizon(start, end),
                new AnalysisParams.Bar("5m", 5, true, true),
                new AnalysisParams.Windows("09:30-16:00/60m", List.of(1, 2, 3, 4, 5)),
                new AnalysisParams.Signal(AnalysisParams.Detrend.SMA, 20, AnalysisParams.Volatility.STD, 20, false),
                new AnalysisParams.Grid(new double[] {-2.0}, new double[] {0.0}, new int[] {30},
                        AnalysisParams.Side.LONG_ONLY),
                new AnalysisParams.Costs("bars", 0.5, 0.8, 0.2), new AnalysisParams.WalkForwardSpec(5, 2, 2),
                new AnalysisParams.Significance(0.1, 5, 100), new AnalysisParams.Output("oos_sharpe", false));
    }

    static AnalysisRequest request(String analysisId, AnalysisParams params) {
        return RequestMapping.toAvro(analysisId, null, Instant.parse("2024-06-01T00:00:00Z"), params, "fp-" + analysisId);
    }

    /** What Analysis.prepare computes from the same bars and the parameters as they travel on the topic. */
    static String offlineDataHash(RawBars bars, AnalysisRequest request) {
        AnalysisParams params = RequestMapping.toParams(request);
        return Analysis.prepare(bars, params, RequestParser.canonicalJson(params)).dataHash();
    }
}
