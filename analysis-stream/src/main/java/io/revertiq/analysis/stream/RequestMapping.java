package io.revertiq.analysis.stream;

import io.revertiq.avro.AnalysisRequest;
import io.revertiq.avro.BarSpec;
import io.revertiq.avro.CostSpec;
import io.revertiq.avro.GridSpec;
import io.revertiq.avro.Horizon;
import io.revertiq.avro.OutputSpec;
import io.revertiq.avro.SignalSpec;
import io.revertiq.avro.SignificanceSpec;
import io.revertiq.avro.WalkForwardSpec;
import io.revertiq.avro.WindowsSpec;
import io.revertiq.engine.request.AnalysisParams;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The resolved request on topics ({@link AnalysisRequest}) and in the engine ({@link AnalysisParams}), both ways. */
public final class RequestMapping {
    private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI");

    private RequestMapping() {
    }

    public static AnalysisRequest toAvro(String analysisId, String tenantId, Instant submittedAt, AnalysisParams p,
                                         String fingerprint) {
        return AnalysisRequest.newBuilder()
                .setAnalysisId(analysisId)
                .setTenantId(tenantId)
                .setSubmittedAt(submittedAt)
                .setTicker(p.ticker())
                .setHorizon(new Horizon(p.horizon().start().toString(), p.horizon().end().toString()))
                .setBar(new BarSpec(p.bar().interval(), p.bar().rthOnly(), p.bar().adjusted()))
                .setWindows(new WindowsSpec(p.windows().spec(), p.windows().days().stream().map(d -> DAYS.get(d - 1)).toList()))
                .setSignal(new SignalSpec(lower(p.signal().detrend()), p.signal().detrendLookback(),
                        lower(p.signal().zscore()), p.signal().zscoreLookback(), p.signal().sessionReset()))
                .setParams(toAvro(p.params()))
                .setCosts(toAvro(p.costs()))
                .setWalkForward(toAvro(p.walkForward()))
                .setSignificance(toAvro(p.significance()))
                .setOutput(new OutputSpec(p.output().rankBy(), p.output().explain(), null))
                .setRequestFingerprint(fingerprint)
                .build();
    }

    public static AnalysisParams toParams(AnalysisRequest r) {
        String interval = r.getBar().getInterval();
        return new AnalysisParams(
                r.getTicker(),
                new AnalysisParams.Horizon(LocalDate.parse(r.getHorizon().getStart()), LocalDate.parse(r.getHorizon().getEnd())),
                new AnalysisParams.Bar(interval, Integer.parseInt(interval.substring(0, interval.length() - 1)),
                        r.getBar().getRthOnly(), r.getBar().getAdjusted()),
                new AnalysisParams.Windows(r.getWindows().getSpec(),
                        r.getWindows().getDays().stream().map(d -> DAYS.indexOf(d) + 1).sorted().toList()),
                new AnalysisParams.Signal(AnalysisParams.Detrend.valueOf(upper(r.getSignal().getDetrendMethod())),
                        r.getSignal().getDetrendLookback(),
                        AnalysisParams.Volatility.valueOf(upper(r.getSignal().getZscoreMethod())),
                        r.getSignal().getZscoreLookback(), r.getSignal().getSessionReset()),
                toParams(r.getParams()),
                toParams(r.getCosts()),
                toParams(r.getWalkForward()),
                toParams(r.getSignificance()),
                new AnalysisParams.Output(r.getOutput().getRankBy(), r.getOutput().getExplain()));
    }

    public static GridSpec toAvro(AnalysisParams.Grid g) {
        return new GridSpec(Arrays.stream(g.entryGrid()).boxed().toList(), Arrays.stream(g.exitGrid()).boxed().toList(),
                Arrays.stream(g.holdGridMin()).boxed().toList(), lower(g.side()));
    }

    public static CostSpec toAvro(AnalysisParams.Costs c) {
        return new CostSpec(c.mode(), c.spreadBp(), c.slippageBp(), c.feeBp());
    }

    public static WalkForwardSpec toAvro(AnalysisParams.WalkForwardSpec w) {
        return new WalkForwardSpec(w.trainDays(), w.testDays(), w.stepDays());
    }

    public static SignificanceSpec toAvro(AnalysisParams.Significance s) {
        return new SignificanceSpec(s.fdrAlpha(), s.minTrades(), s.bootstrapSamples());
    }

    public static AnalysisParams.Grid toParams(GridSpec g) {
        return new AnalysisParams.Grid(g.getEntryGrid().stream().mapToDouble(Double::doubleValue).toArray(),
                g.getExitGrid().stream().mapToDouble(Double::doubleValue).toArray(),
                g.getHoldGridMin().stream().mapToInt(Integer::intValue).toArray(),
                AnalysisParams.Side.valueOf(upper(g.getSide())));
    }

    public static AnalysisParams.Costs toParams(CostSpec c) {
        return new AnalysisParams.Costs(c.getMode(), c.getSpreadBp(), c.getSlippageBp(), c.getFeeBp());
    }

    public static AnalysisParams.WalkForwardSpec toParams(WalkForwardSpec w) {
        return new AnalysisParams.WalkForwardSpec(w.getTrainDays(), w.getTestDays(), w.getStepDays());
    }

    public static AnalysisParams.Significance toParams(SignificanceSpec s) {
        return new AnalysisParams.Significance(s.getFdrAlpha(), s.getMinTrades(), s.getBootstrapSamples());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
