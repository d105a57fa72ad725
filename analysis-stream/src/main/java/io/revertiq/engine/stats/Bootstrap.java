package io.revertiq.engine.stats;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One-sided bootstrap test of H0: mean net return &lt;= 0 (section 6), and the percentile CI of the mean.
 *
 * <p>The generator is SplitMix64 seeded by {@link #seed} (exactly {@code new SplittableRandom(seed).nextLong()}),
 * each 64-bit output read as two 32-bit values, high half first, consumed in order across resamples. A draw of an
 * index in [0, n) takes the next value u and, by Lemire's multiply-shift, is the high word of u * n; a value whose
 * low word falls below 2^32 mod n is rejected and the next one taken (so every index is exactly equally likely).
 * Resample b is draws b*n .. b*n + n - 1 of that sequence. Its sum adds the even-numbered draws and the odd-numbered
 * draws in two partial sums, in draw order, and then the two ({@code (even + odd) / n} is its mean m* of the centred
 * returns r - mean(r)); m* counts towards p = (1 + #{m* &gt;= mean(r)}) / (B + 1), and ci95 is the 2.5 and 97.5
 * percentiles of the uncentred means m* + mean(r) by linear interpolation ({@link Moments#percentileSorted}).
 *
 * <p>Why this and not {@code nextInt(n)} per draw: each draw costs one multiplication (plus half of SplitMix64's
 * two) instead of four, and the two partial sums halve the chain of dependent additions; a cell's bootstrap was
 * half the CPU of an analysis. The percentiles select the four order statistics they need rather than sorting the
 * B means. BootstrapTest compares every mean and the CI bit for bit with a plain reading of this definition over
 * the JDK's generator and a full sort, rejections included.
 *
 * <p>Not thread-safe: buffers are sized once and reused across cells.
 */
public final class Bootstrap {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final long LOW = 0xffffffffL;

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
        long threshold = (1L << 32) % n;
        long state = seed;
        long carried = -1; // the unread low half of the previous resample's last output, if any
        int exceed = 0;
        for (int b = 0; b < samples; b++) {
            double even = 0;
            double odd = 0;
            int j = 0;
            if (carried >= 0) {
                long m = carried * n;
                carried = -1;
                if ((m & LOW) >= threshold) {
                    even += c[(int) (m >>> 32)];
                    j = 1;
                }
            }
            while (j < n) {
                state += GOLDEN_GAMMA;
                long z = mix64(state);
                long high = (z >>> 32) * n;
                long low = (z & LOW) * n;
                if (j + 2 <= n && (high & LOW) >= threshold && (low & LOW) >= threshold) {
                    if ((j & 1) == 0) {
                        even += c[(int) (high >>> 32)];
                        odd += c[(int) (low >>> 32)];
                    } else {
                        odd += c[(int) (high >>> 32)];
                        even += c[(int) (low >>> 32)];
                    }
                    j += 2;
                    continue;
                }
                // the last draw of the resample, or a rejected value: the two halves one at a time
                if ((high & LOW) >= threshold) {
                    if ((j & 1) == 0) {
                        even += c[(int) (high >>> 32)];
                    } else {
                        odd += c[(int) (high >>> 32)];
                    }
                    j++;
                }
                if (j == n) {
                    carried = z & LOW;
                } else if ((low & LOW) >= threshold) {
                    if ((j & 1) == 0) {
                        even += c[(int) (low >>> 32)];
                    } else {
                        odd += c[(int) (low >>> 32)];
                    }
                    j++;
                }
            }
            double m = (even + odd) / n;
            if (m >= mean) {
                exceed++;
            }
            means[b] = m + mean;
        }
        return exceed;
    }

    /** SplittableRandom.mix64 (Stafford's variant 13 of MurmurHash3's finaliser). */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
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
