package io.revertiq.engine.stats;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One-sided bootstrap test of H0: mean net return &lt;= 0 (section 6), and the percentile CI of the mean.
 *
 * <p>Each of the B resamples draws n indices with {@code SplittableRandom.nextInt(n)}, in order, from one
 * generator seeded by {@link #seed}. The mean m* of the resampled centred returns r - mean(r) counts towards
 * p = (1 + #{m* &gt;= mean(r)}) / (B + 1); the same resample's uncentred mean is m* + mean(r), and ci95 is its
 * 2.5 and 97.5 percentiles by linear interpolation ({@link Moments#percentileSorted}).
 *
 * <p>The draws are SplittableRandom's own sequence computed in line (its public SplitMix64 algorithm: the golden
 * gamma, {@code mix32}, and the rejection loop of a bounded draw), with the remainder by a multiplication with a
 * precomputed reciprocal (Lemire's fastmod, exact for 32-bit operands) instead of a division per draw; the
 * percentiles come from selecting the four order statistics they need rather than sorting B means. Both give
 * exactly what the JDK's generator and a full sort give (BootstrapTest compares them bit for bit).
 *
 * <p>Not thread-safe: buffers are sized once and reused across cells.
 */
public final class Bootstrap {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final int samples;
    private final double[] means;
    private double[] centred = new double[0];

    public Bootstrap(int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("bootstrap samples must be >= 1");
        }
        this.samples = samples;
        this.means = new double[samples];
    }

    public record Result(double pValue, double ciLow, double ciHigh) {
    }

    public int samples() {
        return samples;
    }

    /** Over r[0, n), n >= 1. */
    public Result run(double[] r, int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("bootstrap needs at least one return");
        }
        double mean = Moments.mean(r, 0, n);
        int exceed = resampleMeans(r, n, mean, seed);
        return new Result((1.0 + exceed) / (samples + 1.0), percentile(0.025), percentile(0.975));
    }

    /** The uncentred means of the B resamples, in resample order (what {@link #run} takes its percentiles of). */
    double[] means(double[] r, int n, long seed) {
        resampleMeans(r, n, Moments.mean(r, 0, n), seed);
        return means.clone();
    }

    /** Fills {@link #means} in resample order; returns how many centred means reach the observed mean. */
    private int resampleMeans(double[] r, int n, double mean, long seed) {
        if (centred.length < n) {
            centred = new double[n];
        }
        for (int i = 0; i < n; i++) {
            centred[i] = r[i] - mean;
        }
        double[] c = centred;
        int mask = n - 1;
        boolean powerOfTwo = (n & mask) == 0;
        long reciprocal = Long.divideUnsigned(-1L, n) + 1; // ceil(2^64 / n), for u % n = high64((reciprocal * u) * n)
        long state = seed;
        int exceed = 0;
        for (int b = 0; b < samples; b++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                state += GOLDEN_GAMMA;
                int index;
                if (powerOfTwo) {
                    index = mix32(state) & mask;
                } else {
                    // SplittableRandom's bounded draw: reject the top partial block of 31-bit values
                    int u = mix32(state) >>> 1;
                    while (u + mask - (index = remainder(u, n, reciprocal)) < 0) {
                        state += GOLDEN_GAMMA;
                        u = mix32(state) >>> 1;
                    }
                }
                s += c[index];
            }
            double m = s / n;
            if (m >= mean) {
                exceed++;
            }
            means[b] = m + mean;
        }
        return exceed;
    }

    /** SplittableRandom.mix32. */
    private static int mix32(long z) {
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    /** u % d for 0 &lt;= u &lt; 2^31 and 0 &lt; d &lt; 2^31, given reciprocal = ceil(2^64 / d) (Lemire, Kaser, Kurz 2019). */
    static int remainder(int u, int d, long reciprocal) {
        long low = reciprocal * u;
        // the unsigned high word of low * d: the signed one, corrected for a negative low (d is positive)
        return (int) (Math.multiplyHigh(low, d) + ((low >> 63) & d));
    }

    /**
     * {@link Moments#percentileSorted} of the means as if sorted: the two adjacent order statistics it interpolates,
     * found by selection (which reorders the means; nothing reads them in order).
     */
    private double percentile(double q) {
        double h = (samples - 1) * q;
        int lo = (int) Math.floor(h);
        double low = Selection.select(means, samples, lo);
        if (lo >= samples - 1) {
            return low;
        }
        double next = Selection.minFrom(means, lo + 1, samples);
        return low + (h - lo) * (next - low);
    }

    /** First 8 bytes (big-endian) of sha256(UTF-8 of dataHash + "|" + cellKey), as a long. */
    public static long seed(String dataHash, String cellKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((dataHash + "|" + cellKey).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a mandatory JDK algorithm", e);
        }
    }
}
