package io.revertiq.analysis.stream;

import static io.revertiq.analysis.stream.RecordAssertions.assertRecordEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.revertiq.analysis.io.RequestParser;
import io.revertiq.avro.AnalysisRequest;
import io.revertiq.avro.CellTask;
import io.revertiq.avro.SeriesDiagnostics;
import io.revertiq.avro.WindowResult;
import io.revertiq.engine.Analysis;
import io.revertiq.engine.TestBars;
import io.revertiq.engine.bars.BarSeries;
import io.revertiq.engine.bars.DataHash;
import io.revertiq.engine.bars.DataQuality;
import io.revertiq.engine.cell.CellEvaluator;
import io.revertiq.engine.cell.CellResult;
import io.revertiq.engine.cell.CellSlice;
import io.revertiq.engine.cell.CellSlicer;
import io.revertiq.engine.cell.FoldChoice;
import io.revertiq.engine.cell.Stability;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.windows.Bin;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AvroMappingTest {
    private static AnalysisParams params;
    private static Analysis.Prepared prepared;
    private static List<CellResult> cells;

    @BeforeAll
    static void prepare() {
        params = RequestParser.parse(PlantedAnalysis.REQUEST);
        prepared = Analysis.prepare(PlantedAnalysis.bars(), params, RequestParser.canonicalJson(params));
        cells = Analysis.evaluate(prepared, (done, total) -> { });
    }

    @Test
    void aCellTaskNamesItsCellAndSeriesAndCarriesTheRequestInAboutAKilobyte() {
        AnalysisRequest request = RequestMapping.toAvro("an_1", "tenant", Instant.EPOCH, params, "fp");
        for (CellSlice slice : prepared.slices()) {
            CellTask task = AvroBytes.roundTrip(AvroMapping.toTask("an_1", prepared.slices().size(),
                    prepared.dataHash(), "key", "synthetic", request, slice.dow, slice.bin()));
            assertEquals(slice.cellKey(), task.getCellKey());
            assertEquals(slice.dow, task.getDow());
            assertEquals(slice.bin(), new Bin(task.getBinStartMin(), task.getBinEndMin()));
            assertEquals(prepared.slices().size(), task.getCellsTotal());
            assertEquals(prepared.dataHash(), task.getDataHash());
            assertEquals("key", task.getSeriesKey());
            assertEquals("synthetic", task.getProvider());
            assertEquals(RequestParser.canonicalJson(params),
                    RequestParser.canonicalJson(RequestMapping.toParams(task.getRequest())));
            assertTrue(AvroBytes.encode(task).length < 2048, "a task names its slice instead of carrying it");
        }
    }

    @Test
    void aTaskCutsFromTheSeriesStageExactlyTheSliceTheOfflinePathEvaluates() {
        AnalysisRequest request = RequestMapping.toAvro("an_1", "tenant", Instant.EPOCH, params, "fp");
        for (CellSlice expected : prepared.slices()) {
            CellTask task = AvroBytes.roundTrip(AvroMapping.toTask("an_1", prepared.slices().size(),
                    prepared.dataHash(), "key", "synthetic", request, expected.dow, expected.bin()));
            CellSlice actual = AvroMapping.slice(task, RequestMapping.toParams(task.getRequest()), prepared.stage());
            assertEquals(expected.cellKey(), actual.cellKey());
            assertArrayEquals(expected.dayIndex, actual.dayIndex);
            assertArrayEquals(expected.minuteOfDay, actual.minuteOfDay);
            assertArrayEquals(expected.close, actual.close);
            assertArrayEquals(expected.z, actual.z);
            assertArrayEquals(expected.sessionLast, actual.sessionLast);
            assertArrayEquals(expected.volume, actual.volume);
        }
    }

    @Test
    void aWindowResultCarriesItsCellResultExactly() {
        for (CellResult cell : cells) {
            WindowResult w = AvroBytes.roundTrip(AvroMapping.toAvro("an_1", cells.size(), cell));
            assertEquals("an_1", w.getAnalysisId());
            assertEquals(cells.size(), w.getCellsTotal());
            assertNull(w.getFdrAdjP(), "assembly's, not the cell's");
            assertRecordEquals(cell, AvroMapping.toCellResult(w), cell.cellKey());
        }
        assertTrue(cells.stream().anyMatch(c -> c.folds().stream().anyMatch(f -> !f.chose())
                        || c.stability().stream().anyMatch(p -> p.sharpe() == null)),
                "the fixture has folds without a choice or periods without a Sharpe");
    }

    @Test
    void nanNullAndEmptySurviveAWindowResult() {
        LocalDate day = LocalDate.of(2024, 1, 2);
        FoldChoice unchosen = new FoldChoice(3, 0, 60, 60, 80, day, day.plusDays(1), day.plusDays(2), day.plusDays(3),
                null, null, null, null, 0);
        FoldChoice chosen = new FoldChoice(4, 20, 80, 80, 100, day, day.plusDays(1), day.plusDays(2),
                day.plusDays(3), -2.0, -0.0, 30, Double.NaN, 2);
        CellResult odd = new CellResult("FRI|15:00-16:00", 5, 900, 960, CellResult.Status.INSUFFICIENT, 2,
                Double.NaN, 0.5, null, null, Double.NEGATIVE_INFINITY, -0.0, null, new double[0], -2.0, -0.0, 30,
                List.of(unchosen, chosen), List.of(new Stability.Period("2024Q1", 2, null)), true,
                Map.of("session_end", 2, "mean", 0, "time", 0), 20, new double[] {Double.NaN, -0.0},
                new double[] {1.5, 1.5}, new int[] {81, 99}, null, Double.NaN);
        assertRecordEquals(odd, AvroMapping.toCellResult(AvroBytes.roundTrip(AvroMapping.toAvro("an_1", 1, odd))),
                "odd");
    }

    @Test
    void anUnknownStatusOrExitReasonIsRefused() {
        WindowResult w = AvroMapping.toAvro("an_1", cells.size(), cells.get(0));
        w.setStatus("pending");
        assertThrows(IllegalArgumentException.class, () -> AvroMapping.toCellResult(w));
        WindowResult reasons = AvroMapping.toAvro("an_1", cells.size(), cells.get(0));
        reasons.setExitReasons(Map.of("stop_loss", 1));
        assertThrows(IllegalArgumentException.class, () -> AvroMapping.toCellResult(reasons));
    }

    @Test
    void seriesDiagnosticsCarryTheSeriesStageExactly() {
        SeriesDiagnostics header = AvroBytes.roundTrip(AvroMapping.toAvro("an_1", prepared.slices().size(),
                prepared));
        assertEquals(prepared.diagnostics(), AvroMapping.toDiagnostics(header));
        assertEquals(prepared.quality(), AvroMapping.toDataQuality(header));
        assertEquals(prepared.dataHash(), header.getDataHash());
        assertEquals(prepared.slices().size(), header.getCellsTotal());
        assertEquals(prepared.series().size(), header.getBarsKept());
        assertEquals(prepared.series().days.length, header.getDaysWithData());
        assertEquals(prepared.diagnostics().finiteZ(), header.getFiniteZ());
        assertEquals(prepared.diagnostics().halfLife().halfLifeMinutes(), header.getOuHalfLifeMin());
    }

    @Test
    void diagnosticsOfATooShortSeriesKeepTheirGaps() {
        LocalDate day = LocalDate.of(2024, 1, 2);
        BarSeries series = TestBars.of(5, new TestBars.Day(day, TestBars.minutes(570, 5, 10),
                new double[] {100, 101, 100.5, 100, 99, 99.5, 100, 101, 102, 101}));
        double[] z = new double[series.size()];
        Arrays.fill(z, Double.NaN);
        z[9] = 1.0;
        double[] logClose = Arrays.stream(series.close).map(Math::log).toArray();
        io.revertiq.engine.diagnostics.SeriesDiagnostics.Result diagnostics =
                io.revertiq.engine.diagnostics.SeriesDiagnostics.compute(z, logClose, series.day, 5);
        assertNull(diagnostics.adf(), "too few finite z values for ADF");
        DataQuality quality = new DataQuality(List.of(new DataQuality.DayCoverage(day, 78, 10),
                new DataQuality.DayCoverage(day.plusDays(1), 78, 0)), List.of(day, day.plusDays(1)),
                List.of(day.plusDays(1)), 1, 2, 3);
        Analysis.Series shortOne = new Analysis.Series(series, quality, DataHash.bars(series), z, diagnostics,
                new CellSlicer(series, z));
        SeriesDiagnostics header = AvroBytes.roundTrip(AvroMapping.toAvro("an_2", 0, "hash", shortOne));
        assertNull(header.getAdf());
        assertNull(header.getKpss());
        assertEquals(diagnostics, AvroMapping.toDiagnostics(header));
        assertEquals(quality, AvroMapping.toDataQuality(header));
    }
}
