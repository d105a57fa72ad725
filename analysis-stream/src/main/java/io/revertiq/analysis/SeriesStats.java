package io.revertiq.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.engine.diagnostics.Acf;
import io.revertiq.engine.diagnostics.Adf;
import io.revertiq.engine.diagnostics.Hurst;
import io.revertiq.engine.diagnostics.Kpss;
import io.revertiq.engine.diagnostics.OuHalfLife;
import io.revertiq.engine.diagnostics.VarianceRatio;

/**
 * {@code revertiq stats}: the diagnostics of one plain series taken as a level (e.g. a log price): ADF and KPSS
 * on the level, Hurst and the OU half-life within sessions, acf1, and variance ratios of its increments.
 */
public final class SeriesStats {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SeriesStats() {
    }

    public static ObjectNode report(double[] x, int[] sessionId) {
        ObjectNode out = JSON.createObjectNode();
        out.put("n", x.length);
        Adf.Result adf = Adf.test(x);
        out.putObject("adf").put("stat", adf.statistic()).put("p", adf.pValue()).put("lags", adf.usedLag())
                .put("nobs", adf.nobs());
        Kpss.Result kpss = Kpss.test(x);
        out.putObject("kpss").put("stat", kpss.statistic()).put("p", kpss.pValue()).put("lags", kpss.lags())
                .put("p_clipped", kpss.pClipped());
        putFinite(out, "hurst", Hurst.estimate(x, sessionId).exponent());
        putFinite(out, "ou_half_life_bars", OuHalfLife.fitWithinSessions(x, sessionId, 1).halfLifeBars());
        putFinite(out, "acf1", Acf.lag1(x));
        ArrayNode ratios = out.putArray("variance_ratio");
        for (int q : VarianceRatio.STANDARD_LAGS) {
            if (x.length >= q + 2) {
                VarianceRatio.Result vr = VarianceRatio.test(x, q);
                ratios.addObject().put("q", q).put("vr", vr.ratio()).put("z", vr.z()).put("p", vr.pValue());
            }
        }
        return out;
    }

    private static void putFinite(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
