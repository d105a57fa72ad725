package io.revertiq.engine.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Agreement with statsmodels adfuller/kpss and arch VarianceRatio on the shared reference series. */
class ReferenceValuesTest {
    private static final double STAT_RTOL = 1e-6;
    private static final double P_ATOL = 1e-4;
    private static final JsonNode REFERENCE = ReferenceData.reference();

    @ParameterizedTest
    @ValueSource(strings = {"ar1_0.9_n2000", "rw_n5000", "trend_n1500"})
    void adfMatchesStatsmodels(String name) {
        JsonNode expected = REFERENCE.get(name).get("adf");
        Adf.Result r = Adf.test(ReferenceData.series(name));
        assertRelative(expected.get("stat").asDouble(), r.statistic(), name + " adf stat");
        assertEquals(expected.get("p").asDouble(), r.pValue(), P_ATOL, name + " adf p");
        assertEquals(expected.get("lags").asInt(), r.usedLag(), name + " adf lags");
        assertEquals(expected.get("nobs").asInt(), r.nobs(), name + " adf nobs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ar1_0.9_n2000", "rw_n5000", "trend_n1500"})
    void kpssMatchesStatsmodels(String name) {
        JsonNode expected = REFERENCE.get(name).get("kpss");
        Kpss.Result r = Kpss.test(ReferenceData.series(name));
        assertRelative(expected.get("stat").asDouble(), r.statistic(), name + " kpss stat");
        assertEquals(expected.get("p").asDouble(), r.pValue(), P_ATOL, name + " kpss p");
        assertEquals(expected.get("lags").asInt(), r.lags(), name + " kpss lags");
        assertEquals(r.pValue() == 0.01 || r.pValue() == 0.10, r.pClipped(), name + " kpss clipped flag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ar1_0.9_n2000", "rw_n5000", "trend_n1500"})
    void varianceRatioMatchesArch(String name) {
        double[] x = ReferenceData.series(name);
        JsonNode all = REFERENCE.get(name).get("variance_ratio");
        assertEquals(3, all.size());
        for (JsonNode expected : all) {
            int q = expected.get("q").asInt();
            VarianceRatio.Result r = VarianceRatio.test(x, q);
            assertEquals(q, r.q());
            assertRelative(expected.get("vr").asDouble(), r.ratio(), name + " vr q=" + q);
            assertRelative(expected.get("z").asDouble(), r.z(), name + " z q=" + q);
            assertEquals(expected.get("p").asDouble(), r.pValue(), P_ATOL, name + " p q=" + q);
        }
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, STAT_RTOL * Math.abs(expected), what);
    }
}
