package io.revertiq.engine.signal;

import io.revertiq.engine.bars.BarSeries;
import io.revertiq.engine.request.AnalysisParams.Signal;
import io.revertiq.engine.request.AnalysisParams.Volatility;
import io.revertiq.engine.request.InvalidArgumentException;

import java.util.Arrays;

/**
 * The detrended, volatility-scaled close of section 2: z_t = (P_t - mu_t) / s_t, NaN where undefined.
 *
 * <p>Rolling sums are updated in O(1) per bar and rebuilt exactly every {@link #RESYNC} bars, so rounding
 * drift stays bounded over series of any length. s_t counts as zero when it is below {@link #ZERO_VOL} times
 * the price level: rolling arithmetic rarely yields an exact 0 for a flat window, and no real market has a
 * deviation scale a trillionth of its price.
 */
public final class ZScore {
    private static final int RESYNC = 512;
    private static final double ZERO_VOL = 1e-12;

    private ZScore() {
    }

    public static double[] compute(BarSeries bars, Signal signal) {
        int k = signal.detrendLookback();
        int kz = signal.zscoreLookback();
        if (k < 1) {
            throw new InvalidArgumentException("signal.detrend.lookback", "detrend lookback must be >= 1",
                    "use a lookback of at least 1 bar, e.g. 20");
        }
        if (kz < 2) {
            throw new InvalidArgumentException("signal.zscore.lookback", "z-score lookback must be >= 2",
                    "a volatility estimate needs at least 2 deviations, e.g. 20");
        }
        int n = bars.size();
        double[] z = new double[n];
        Arrays.fill(z, Double.NaN);
        double[] d = new double[n];
        if (!signal.sessionReset()) {
            run(bars, signal, 0, n, z, d);
            return z;
        }
        int from = 0;
        for (int i = 0; i < n; i++) {
            if (bars.isSessionLast(i)) {
                run(bars, signal, from, i + 1, z, d);
                from = i + 1;
            }
        }
        return z;
    }

    /** One continuous run of state over bars [from, to); its warm-up counts from {@code from}. */
    private static void run(BarSeries b, Signal sig, int from, int to, double[] z, double[] d) {
        int k = sig.detrendLookback();
        int kz = sig.zscoreLookback();
        double[] close = b.close;
        double emaA = 2.0 / (k + 1);
        double ewmB = 2.0 / (kz + 1);
        // detrend state: SMA/EMA seed use sumP over closes; VWAP uses sumPV/sumV plus sumP over typical prices
        double sumP = 0;
        double sumPV = 0;
        double sumV = 0;
        double ema = Double.NaN;
        // volatility state: rolling mean/M2 (std) or exponential m/v (ewm)
        double mean = 0;
        double m2 = 0;
        double m = 0;
        double v = 0;
        for (int i = from; i < to; i++) {
            int age = i - from;
            double mu;
            switch (sig.detrend()) {
                case SMA -> {
                    sumP += close[i];
                    if (age >= k) {
                        sumP -= close[i - k];
                    }
                    if ((age + 1) % RESYNC == 0) {
                        sumP = windowSum(close, Math.max(from, i - k + 1), i);
                    }
                    mu = age >= k - 1 ? sumP / k : Double.NaN;
                }
                case EMA -> {
                    if (age < k) {
                        sumP += close[i];
                        if (age == k - 1) {
                            ema = sumP / k;
                        }
                    } else {
                        ema = emaA * close[i] + (1 - emaA) * ema;
                    }
                    mu = ema;
                }
                case VWAP -> {
                    double tp = typical(b, i);
                    sumP += tp;
                    sumPV += tp * b.volume[i];
                    sumV += b.volume[i];
                    if (age >= k) {
                        int o = i - k;
                        double tpo = typical(b, o);
                        sumP -= tpo;
                        sumPV -= tpo * b.volume[o];
                        sumV -= b.volume[o];
                    }
                    if ((age + 1) % RESYNC == 0) {
                        sumP = 0;
                        sumPV = 0;
                        sumV = 0;
                        for (int j = Math.max(from, i - k + 1); j <= i; j++) {
                            double tpj = typical(b, j);
                            sumP += tpj;
                            sumPV += tpj * b.volume[j];
                            sumV += b.volume[j];
                        }
                    }
                    // a window without volume has no volume weights; equal weights keep the signal defined
                    mu = age < k - 1 ? Double.NaN : sumV > 0 ? sumPV / sumV : sumP / k;
                }
                default -> throw new IllegalStateException();
            }
            if (age < k - 1) {
                continue;
            }
            double dev = close[i] - mu;
            d[i] = dev;
            int dc = age - (k - 1) + 1;
            double s;
            if (sig.zscore() == Volatility.STD) {
                if (dc <= kz) {
                    double delta = dev - mean;
                    mean += delta / dc;
                    m2 += delta * (dev - mean);
                } else {
                    double old = d[i - kz];
                    double newMean = mean + (dev - old) / kz;
                    m2 += (dev - old) * (dev - newMean + old - mean);
                    mean = newMean;
                }
                if (dc % RESYNC == 0) {
                    int lo = Math.max(i - kz + 1, from + k - 1);
                    mean = windowSum(d, lo, i) / (i - lo + 1);
                    m2 = 0;
                    for (int j = lo; j <= i; j++) {
                        m2 += (d[j] - mean) * (d[j] - mean);
                    }
                }
                s = dc >= kz ? Math.sqrt(Math.max(m2, 0) / (kz - 1)) : Double.NaN;
            } else {
                if (dc == 1) {
                    m = dev;
                    v = 0;
                } else {
                    double e = dev - m;
                    v = (1 - ewmB) * (v + ewmB * e * e);
                    m = (1 - ewmB) * m + ewmB * dev;
                }
                s = Math.sqrt(v);
            }
            if (age >= k + kz - 1 && s > ZERO_VOL * Math.abs(mu)) {
                z[i] = dev / s;
            }
        }
    }

    private static double typical(BarSeries b, int i) {
        double vw = b.vwap[i];
        return Double.isNaN(vw) ? (b.high[i] + b.low[i] + b.close[i]) / 3.0 : vw;
    }

    private static double windowSum(double[] x, int lo, int hi) {
        double s = 0;
        for (int j = lo; j <= hi; j++) {
            s += x[j];
        }
        return s;
    }
}
