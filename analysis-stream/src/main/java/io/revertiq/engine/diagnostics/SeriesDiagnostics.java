package io.revertiq.engine.diagnostics;

import java.util.ArrayList;
import java.util.List;

/**
 * Whole-series diagnostics of one analysis: is the z-series mean reverting, and how fast.
 *
 * <p>The z-series carries NaN during the warm-up of its rolling windows (at the start and, with session reset, at
 * every session open). Those values are dropped before ADF, KPSS and the lag-1 autocorrelation, so the remaining
 * values are treated as one contiguous series. The OU half-life instead fits only pairs of consecutive bars inside
 * one session with both values finite, and the Hurst exponent and variance ratios run on the log closes.
 *
 * <p>ADF and KPSS are reported as null when fewer than {@value #MIN_OBSERVATIONS} finite z values remain or they
 * are all equal, and variance ratios whose horizon does not fit the series are left out.
 */
public final class SeriesDiagnostics {
    public static final int MIN_OBSERVATIONS = 20;
    public static final double ADF_ALPHA = 0.05;
    public static final double KPSS_ALPHA = 0.05;

    /**
     * @param adf            ADF on the finite z values, or null
     * @param kpss           KPSS on the finite z values, or null
     * @param acf1           lag-1 autocorrelation of the finite z values
     * @param hurst          Hurst exponent of the log closes within sessions
     * @param varianceRatios variance ratios of the log closes at q = 2, 5, 10
     * @param halfLife       OU half-life of the z-series within sessions
     * @param finiteZ        number of finite z values
     * @param meanReverting  ADF rejects a unit root, KPSS does not reject stationarity and Hurst is below 0.5
     */
    public record Result(Adf.Result adf, Kpss.Result kpss, double acf1, Hurst.Result hurst,
                         List<VarianceRatio.Result> varianceRatios, OuHalfLife.Result halfLife, int finiteZ,
                         boolean meanReverting) {
    }

    private SeriesDiagnostics() {
    }

    /**
     * @param z          z-score per bar, NaN during warm-up
     * @param logClose   log close per bar, finite
     * @param sessionId  session of each bar; equal values mark the same session
     * @param barMinutes bar width, to express the half-life in minutes
     */
    public static Result compute(double[] z, double[] logClose, int[] sessionId, int barMinutes) {
        if (z.length != logClose.length || z.length != sessionId.length) {
            throw new IllegalArgumentException("z, logClose and sessionId differ in length");
        }
        double[] finite = finiteValues(z);
        Adf.Result adf = null;
        Kpss.Result kpss = null;
        if (finite.length >= MIN_OBSERVATIONS && !isConstant(finite)) {
            adf = Adf.test(finite);
            kpss = Kpss.test(finite);
        }
        List<VarianceRatio.Result> ratios = new ArrayList<>(VarianceRatio.STANDARD_LAGS.length);
        for (int q : VarianceRatio.STANDARD_LAGS) {
            if (logClose.length >= q + 2) {
                ratios.add(VarianceRatio.test(logClose, q));
            }
        }
        Hurst.Result hurst = Hurst.estimate(logClose, sessionId);
        boolean meanReverting = adf != null && adf.pValue() < ADF_ALPHA && kpss.pValue() > KPSS_ALPHA
                && hurst.exponent() < 0.5;
        return new Result(adf, kpss, Acf.lag1(finite), hurst, List.copyOf(ratios),
                OuHalfLife.fitWithinSessions(z, sessionId, barMinutes), finite.length, meanReverting);
    }

    private static double[] finiteValues(double[] x) {
        int n = 0;
        for (double v : x) {
            if (Double.isFinite(v)) {
                n++;
            }
        }
        double[] out = new double[n];
        int i = 0;
        for (double v : x) {
            if (Double.isFinite(v)) {
                out[i++] = v;
            }
        }
        return out;
    }

    private static boolean isConstant(double[] x) {
        for (double v : x) {
            if (v != x[0]) {
                return false;
            }
        }
        return true;
    }
}
