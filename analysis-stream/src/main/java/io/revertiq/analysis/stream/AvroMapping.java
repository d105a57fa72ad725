package io.revertiq.analysis.stream;

import io.revertiq.avro.AdfResult;
import io.revertiq.avro.AnalysisRequest;
import io.revertiq.avro.CellTask;
import io.revertiq.avro.DataQualityBlock;
import io.revertiq.avro.DayCoverage;
import io.revertiq.avro.KpssResult;
import io.revertiq.avro.OuFit;
import io.revertiq.avro.SeriesDiagnostics;
import io.revertiq.avro.StabilityPeriod;
import io.revertiq.avro.VarianceRatioResult;
import io.revertiq.avro.WindowResult;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.bars.DataQuality;
import io.revertiq.engine.cell.CellResult;
import io.revertiq.engine.cell.CellSlice;
import io.revertiq.engine.cell.ExitReason;
import io.revertiq.engine.cell.FoldChoice;
import io.revertiq.engine.cell.Stability;
import io.revertiq.engine.diagnostics.Adf;
import io.revertiq.engine.diagnostics.Hurst;
import io.revertiq.engine.diagnostics.Kpss;
import io.revertiq.engine.diagnostics.OuHalfLife;
import io.revertiq.engine.diagnostics.VarianceRatio;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.windows.Bin;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's stage outputs as the records the pipeline moves between instances, both ways and exactly:
 * mapping a value to Avro and back gives an equal value (NaN included), so a result computed across the
 * pipeline renders the same bytes as one computed in process.
 */
public final class AvroMapping {
    private AvroMapping() {
    }

    /** One cell of an analysis, by reference to its series stage (see {@code CellTask}). */
    public static CellTask toTask(String analysisId, int cellsTotal, String dataHash, String seriesKey,
                                  String provider, AnalysisRequest request, int dow, Bin bin) {
        return CellTask.newBuilder()
                .setAnalysisId(analysisId)
                .setCellKey(CellSlice.cellKey(dow, bin))
                .setDow(dow)
                .setBinStartMin(bin.start())
                .setBinEndMin(bin.end())
                .setCellsTotal(cellsTotal)
                .setDataHash(dataHash)
                .setSeriesKey(seriesKey)
                .setProvider(provider)
                .setRequest(request)
                .build();
    }

    /** The task's slice, cut from the series stage its series_key names (params: the task's request). */
    public static CellSlice slice(CellTask task, AnalysisParams params, Analysis.Series stage) {
        return stage.slicer().slice(task.getDow(), new Bin(task.getBinStartMin(), task.getBinEndMin()),
                Analysis.maxHoldMin(params));
    }

    /** fdr_adj_p and significant stay unset: they belong to assembly, which sees every cell. */
    public static WindowResult toAvro(String analysisId, int cellsTotal, CellResult r) {
        return WindowResult.newBuilder()
                .setAnalysisId(analysisId)
                .setCellKey(r.cellKey())
                .setCellsTotal(cellsTotal)
                .setDow(r.dow())
                .setBinStartMin(r.binStartMin())
                .setBinEndMin(r.binEndMin())
                .setStatus(r.status().jsonName())
                .setNTrades(r.nTrades())
                .setOosRetPerTradeBp(r.oosRetPerTradeBp())
                .setHitRate(r.hitRate())
                .setOosSharpe(r.oosSharpe())
                .setMedianTimeToMeanMin(r.medianTimeToMeanMin())
                .setHalfLifeMin(r.halfLifeMin())
                .setCostBreakEvenBp(r.costBreakEvenBp())
                .setPValue(r.pValue())
                .setCi95Bp(Arrays.stream(r.ci95Bp()).boxed().toList())
                .setEntryBand(r.entryBand())
                .setExitBand(r.exitBand())
                .setHoldCapMin(r.holdCapMin())
                .setFolds(r.folds().stream().map(AvroMapping::toAvro).toList())
                .setStability(r.stability().stream()
                        .map(p -> new StabilityPeriod(p.period(), p.n(), p.sharpe())).toList())
                .setDriftFlag(r.driftFlag())
                .setExitReasons(new LinkedHashMap<>(r.exitReasons()))
                .setOosDays(r.oosDays())
                .setTradeGrossBp(PackedArrays.ofDoubles(r.tradeGrossBp()))
                .setTradeCostBp(PackedArrays.ofDoubles(r.tradeCostBp()))
                .setTradeDayIndex(PackedArrays.ofInts(r.tradeDayIndex()))
                .setMeanAbsRetBp(r.meanAbsRetBp())
                .setMeanVolume(r.meanVolume())
                .build();
    }

    public static CellResult toCellResult(WindowResult w) {
        return new CellResult(w.getCellKey(), w.getDow(), w.getBinStartMin(), w.getBinEndMin(), status(w.getStatus()),
                w.getNTrades(), w.getOosRetPerTradeBp(), w.getHitRate(), w.getOosSharpe(), w.getMedianTimeToMeanMin(),
                w.getHalfLifeMin(), w.getCostBreakEvenBp(), w.getPValue(),
                w.getCi95Bp().stream().mapToDouble(Double::doubleValue).toArray(), w.getEntryBand(), w.getExitBand(),
                w.getHoldCapMin(), w.getFolds().stream().map(AvroMapping::toFold).toList(),
                w.getStability().stream().map(p -> new Stability.Period(p.getPeriod(), p.getN(), p.getSharpe()))
                        .toList(),
                w.getDriftFlag(), exitReasons(w.getExitReasons()), w.getOosDays(),
                PackedArrays.doubles(w.getTradeGrossBp()), PackedArrays.doubles(w.getTradeCostBp()),
                PackedArrays.ints(w.getTradeDayIndex()), w.getMeanAbsRetBp(), w.getMeanVolume());
    }

    /** The series stage as the header of the analysis: what the response needs besides the cells. */
    public static SeriesDiagnostics toAvro(String analysisId, int cellsTotal, String dataHash, Analysis.Series stage) {
        return diagnostics(stage.diagnostics())
                .setAnalysisId(analysisId)
                .setDataHash(dataHash)
                .setCellsTotal(cellsTotal)
                .setBarsKept(stage.bars().size())
                .setDaysWithData(stage.bars().days.length)
                .setDataQuality(toAvro(stage.quality()))
                .build();
    }

    public static SeriesDiagnostics toAvro(String analysisId, int cellsTotal, Analysis.Prepared prepared) {
        return toAvro(analysisId, cellsTotal, prepared.dataHash(), prepared.stage());
    }

    private static SeriesDiagnostics.Builder diagnostics(io.revertiq.engine.diagnostics.SeriesDiagnostics.Result d) {
        Adf.Result adf = d.adf();
        Kpss.Result kpss = d.kpss();
        OuHalfLife.Result ou = d.halfLife();
        return SeriesDiagnostics.newBuilder()
                .setAdf(adf == null ? null : new AdfResult(adf.statistic(), adf.pValue(), adf.usedLag(), adf.nobs(),
                        adf.maxLag(), adf.icBest()))
                .setKpss(kpss == null ? null : new KpssResult(kpss.statistic(), kpss.pValue(), kpss.lags(),
                        kpss.pClipped()))
                .setHurst(d.hurst() == null ? null : d.hurst().exponent())
                .setHurstHorizons(d.hurst() == null ? 0 : d.hurst().horizons())
                .setOuHalfLifeMin(ou == null ? null : ou.halfLifeMinutes())
                .setOu(ou == null ? null : new OuFit(ou.slope(), ou.intercept(), ou.theta(), ou.halfLifeBars(),
                        ou.halfLifeMinutes(), ou.pairs()))
                .setAcf1(d.acf1())
                .setVarianceRatio(d.varianceRatios().stream()
                        .map(v -> new VarianceRatioResult(v.q(), v.ratio(), v.z(), v.pValue())).toList())
                .setMeanReverting(d.meanReverting())
                .setFiniteZ(d.finiteZ());
    }

    public static io.revertiq.engine.diagnostics.SeriesDiagnostics.Result toDiagnostics(SeriesDiagnostics h) {
        AdfResult adf = h.getAdf();
        KpssResult kpss = h.getKpss();
        OuFit ou = h.getOu();
        return new io.revertiq.engine.diagnostics.SeriesDiagnostics.Result(
                adf == null ? null : new Adf.Result(adf.getStat(), adf.getP(), adf.getLags(), adf.getNobs(),
                        adf.getMaxLag(), adf.getIcBest()),
                kpss == null ? null : new Kpss.Result(kpss.getStat(), kpss.getP(), kpss.getLags(), kpss.getPClipped()),
                // written from a primitive, so null only comes from a producer that did not know the value
                h.getAcf1() == null ? Double.NaN : h.getAcf1(),
                h.getHurst() == null ? null : new Hurst.Result(h.getHurst(), h.getHurstHorizons()),
                h.getVarianceRatio().stream()
                        .map(v -> new VarianceRatio.Result(v.getQ(), v.getVr(), v.getZ(), v.getP())).toList(),
                ou == null ? null : new OuHalfLife.Result(ou.getSlope(), ou.getIntercept(), ou.getTheta(),
                        ou.getHalfLifeBars(), ou.getHalfLifeMin(), ou.getPairs()),
                h.getFiniteZ(), h.getMeanReverting());
    }

    public static DataQuality toDataQuality(SeriesDiagnostics h) {
        DataQualityBlock q = Objects.requireNonNull(h.getDataQuality(),
                "series diagnostics of " + h.getAnalysisId() + " carry no data quality");
        return new DataQuality(
                q.getDays().stream()
                        .map(d -> new DataQuality.DayCoverage(LocalDate.parse(d.getDate()), d.getExpected(), d.getPresent()))
                        .toList(),
                q.getIncompleteDays().stream().map(LocalDate::parse).toList(),
                q.getMissingDays().stream().map(LocalDate::parse).toList(),
                q.getDuplicatesDropped(), q.getOffCalendarDropped(), q.getOutOfSessionDropped());
    }

    private static DataQualityBlock toAvro(DataQuality q) {
        return new DataQualityBlock(
                q.days().stream().map(d -> new DayCoverage(d.date().toString(), d.expected(), d.present())).toList(),
                q.incompleteDays().stream().map(LocalDate::toString).toList(),
                q.missingDays().stream().map(LocalDate::toString).toList(),
                q.duplicatesDropped(), q.offCalendarDropped(), q.outOfSessionDropped());
    }

    private static io.revertiq.avro.FoldChoice toAvro(FoldChoice f) {
        return io.revertiq.avro.FoldChoice.newBuilder()
                .setFold(f.fold())
                .setTrainStart(f.trainStart().toString())
                .setTrainEnd(f.trainEnd().toString())
                .setTestStart(f.testStart().toString())
                .setTestEnd(f.testEnd().toString())
                .setEntryBand(f.entryBand())
                .setExitBand(f.exitBand())
                .setHoldCapMin(f.holdCapMin())
                .setInSampleSharpe(f.inSampleSharpe())
                .setTestTrades(f.testTrades())
                .setTrainFrom(f.trainFrom())
                .setTrainTo(f.trainTo())
                .setTestFrom(f.testFrom())
                .setTestTo(f.testTo())
                .build();
    }

    private static FoldChoice toFold(io.revertiq.avro.FoldChoice f) {
        return new FoldChoice(f.getFold(), f.getTrainFrom(), f.getTrainTo(), f.getTestFrom(), f.getTestTo(),
                LocalDate.parse(f.getTrainStart()), LocalDate.parse(f.getTrainEnd()),
                LocalDate.parse(f.getTestStart()), LocalDate.parse(f.getTestEnd()), f.getEntryBand(),
                f.getExitBand(), f.getHoldCapMin(), f.getInSampleSharpe(), f.getTestTrades());
    }

    private static CellResult.Status status(String jsonName) {
        for (CellResult.Status s : CellResult.Status.values()) {
            if (s.jsonName().equals(jsonName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown window status " + jsonName);
    }

    /** In the engine's order (an Avro map decodes in no particular one), so iteration matches too. */
    private static Map<String, Integer> exitReasons(Map<String, Integer> decoded) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (ExitReason r : ExitReason.values()) {
            Integer n = decoded.get(r.jsonName());
            if (n != null) {
                out.put(r.jsonName(), n);
            }
        }
        if (out.size() != decoded.size()) {
            throw new IllegalArgumentException("unknown exit reasons in " + decoded.keySet());
        }
        return Collections.unmodifiableMap(out);
    }
}
