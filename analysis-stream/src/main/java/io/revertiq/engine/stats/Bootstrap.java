package io.revertiq.engine.stats;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One-sided bootstrap test of H0: mean net return &lt;= 0 (section 6), and the percentile CI of the mean.
 *
 * <p>Each of the B resamples draws n indices with {@code SplittableRandom.nextInt(n)}, in order, from one
 * generator seeded by {@link #seed}. The mean m* of the resampled centred returns r - mean(r) counts towards
 * p = (1 + #{m* &gt;= mean(r)}) / (B + 1); the same resample's uncentred mean is m* + mean(r), and ci95 is its
 * 2.5 and 97.5 percentiles by linear interpolation ({@link Moments#percentileSorted}).
 *
 * <p>Not thread-safe: buffers are sized once and reused across cells.
 */
public final class Bootstrap {
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
        if (centred.length < n) {
            centred = new double[n];
        }
        double mean = Moments.mean(r, 0, n);
        for (int i = 0; i < n; i++) {
            centred[i] = r[i] - mean;
        }
        double[] c = centred;
        SplittableRandom rng = new SplittableRandom(seed);
        int exceed = 0;
        for (int b = 0; b < samples; b++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += c[rng.nextInt(n)];
            }
            double m = s / n;
            if (m >= mean) {
                exceed++;
            }
            means[b] = m + mean;
        }
        Arrays.sort(means);
        return new Result((1.0 + exceed) / (samples + 1.0), Moments.percentileSorted(means, samples, 0.025),
                Moments.percentileSorted(means, samples, 0.975));
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
