package io.revertiq.engine.stats;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootstrapTest {

    private static double[] normal(long seed, int n, double mean, double sd) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = mean + sd * Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
        }
        return r;
    }

    @Test
    void seedIsTheFirstEightBytesOfSha256() {
        // python: int.from_bytes(hashlib.sha256(b"sha256:abc|MON|09:45-10:15").digest()[:8], "big", signed=True)
        assertEquals(-6393105813873502205L, Bootstrap.seed("sha256:abc", "MON|09:45-10:15"));
    }

    @Test
    void deterministicForASeedAndSeedSensitive() {
        double[] r = normal(1, 120, 0.3, 5);
        Bootstrap b = new Bootstrap(2000);
        Bootstrap.Result a = b.run(r, r.length, 42);
        assertEquals(a, new Bootstrap(2000).run(r, r.length, 42));
        assertEquals(a, b.run(r, r.length, 42)); // buffers reused without leaking state
        assertNotEquals(a, b.run(r, r.length, 43));
    }

    @Test
    void clearlyPositiveReturnsGiveTheSmallestP() {
        double[] r = normal(2, 200, 5, 1);
        Bootstrap.Result res = new Bootstrap(10_000).run(r, r.length, 7);
        assertEquals(1.0 / 10_001, res.pValue(), 1e-15);
        double mean = Moments.mean(r, 0, r.length);
        assertTrue(res.ciLow() < mean && mean < res.ciHigh());
        // the CI of a mean of 200 draws with sd 1 is about +-1.96 / sqrt(200) = +-0.14
        assertEquals(0.28, res.ciHigh() - res.ciLow(), 0.05);
    }

    @Test
    void zeroMeanReturnsGiveLargeAndRoughlyUniformP() {
        double[] symmetric = {-3, -1, 1, 3, -2, 2, -0.5, 0.5};
        double p = new Bootstrap(4999).run(symmetric, symmetric.length, 3).pValue();
        assertTrue(p > 0.3 && p <= 1, "p = " + p);
        Bootstrap b = new Bootstrap(999);
        int small = 0;
        double sum = 0;
        int runs = 300;
        for (int k = 0; k < runs; k++) {
            double[] r = normal(100 + k, 60, 0, 1);
            double pk = b.run(r, r.length, k).pValue();
            assertTrue(pk > 0 && pk <= 1);
            sum += pk;
            if (pk < 0.05) {
                small++;
            }
        }
        assertEquals(0.5, sum / runs, 0.08);
        assertTrue(small >= 3 && small <= 35, small + " of " + runs + " below 0.05");
    }

    @Test
    void percentileInterpolatesLikeNumpy() {
        double[] x = {1, 2, 3, 4, 10};
        // numpy.percentile(x, 2.5) = 1.1, numpy.percentile(x, 97.5) = 9.4
        assertEquals(1.1, Moments.percentileSorted(x, 5, 0.025), 1e-12);
        assertEquals(9.4, Moments.percentileSorted(x, 5, 0.975), 1e-12);
        assertEquals(10, Moments.percentileSorted(x, 5, 1.0), 0);
    }

    /** The definition the class documents, read plainly: the JDK's generator and a full sort of the means. */
    private static Bootstrap.Result reference(double[] r, int n, long seed, int samples) {
        double[] means = new Draws(seed).centredMeans(r, n, samples);
        double mean = Moments.mean(r, 0, n);
        int exceed = 0;
        for (int b = 0; b < samples; b++) {
            if (means[b] >= mean) {
                exceed++;
            }
            means[b] += mean;
        }
        Arrays.sort(means);
        return new Bootstrap.Result((1.0 + exceed) / (samples + 1.0), Moments.percentileSorted(means, samples, 0.025),
                Moments.percentileSorted(means, samples, 0.975));
    }

    /** SplittableRandom's 64-bit outputs as 32-bit values (high half first), bounded by Lemire's method. */
    private static final class Draws {
        private static final BigInteger TWO_32 = BigInteger.ONE.shiftLeft(32);
        private final SplittableRandom rng;
        private long output;
        private boolean lowUnread;
        int rejected;

        Draws(long seed) {
            rng = new SplittableRandom(seed);
        }

        long next32() {
            if (lowUnread) {
                lowUnread = false;
                return output & 0xffffffffL;
            }
            output = rng.nextLong();
            lowUnread = true;
            return output >>> 32;
        }

        int index(int n) {
            long threshold = TWO_32.mod(BigInteger.valueOf(n)).longValueExact();
            while (true) {
                BigInteger product = BigInteger.valueOf(next32()).multiply(BigInteger.valueOf(n));
                if (product.mod(TWO_32).longValueExact() >= threshold) {
                    return product.shiftRight(32).intValueExact();
                }
                rejected++;
            }
        }

        /** The centred resample means m* of the definition, in resample order. */
        double[] centredMeans(double[] r, int n, int samples) {
            double mean = Moments.mean(r, 0, n);
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                c[i] = r[i] - mean;
            }
            double[] means = new double[samples];
            for (int b = 0; b < samples; b++) {
                double even = 0;
                double odd = 0;
                for (int i = 0; i < n; i++) {
                    if (i % 2 == 0) {
                        even += c[index(n)];
                    } else {
                        odd += c[index(n)];
                    }
                }
                means[b] = (even + odd) / n;
            }
            return means;
        }
    }

    @Test
    void equalsThePlainDefinitionAndAFullSortBitForBit() {
        SplittableRandom pick = new SplittableRandom(2024);
        int[] sizes = {1, 2, 3, 7, 8, 31, 64, 100, 127, 128, 129, 500, 1000, 1023, 1024, 4097};
        int compared = 0;
        for (int n : sizes) {
            for (int rep = 0; rep < 3; rep++) {
                double[] r = normal(pick.nextLong(), n, pick.nextDouble() - 0.5, 3);
                if (rep == 2) {
                    for (int i = 0; i < n; i += 2) {
                        r[i] = Math.rint(r[i]); // ties among returns and means
                    }
                }
                int samples = 1 + pick.nextInt(3000);
                long seed = pick.nextLong();
                Bootstrap.Result expected = reference(r, n, seed, samples);
                Bootstrap.Result actual = new Bootstrap(samples).run(r, n, seed);
                assertEquals(Double.doubleToRawLongBits(expected.pValue()), Double.doubleToRawLongBits(actual.pValue()));
                assertEquals(Double.doubleToRawLongBits(expected.ciLow()), Double.doubleToRawLongBits(actual.ciLow()),
                        "n " + n + " B " + samples);
                assertEquals(Double.doubleToRawLongBits(expected.ciHigh()), Double.doubleToRawLongBits(actual.ciHigh()),
                        "n " + n + " B " + samples);
                compared++;
            }
        }
        assertEquals(sizes.length * 3, compared);
    }

    @Test
    void equalsThePlainDefinitionWhenDrawsAreRejected() {
        // 2^32 mod n is close to n for these bounds: about n / 2^32 of the values are rejected, one or two per
        // resample, at every position (first or second half, even or odd draw, the last draw of an odd n)
        for (int n : new int[] {90_149, 90_202, 150_074}) {
            double[] r = normal(n, n, 0.1, 2);
            for (int samples : new int[] {41, 42}) {
                Draws draws = new Draws(1234);
                double[] expected = draws.centredMeans(r, n, samples);
                assertTrue(draws.rejected >= 20, draws.rejected + " rejected draws for n " + n);
                double mean = Moments.mean(r, 0, n);
                for (int b = 0; b < samples; b++) {
                    expected[b] += mean;
                }
                assertArrayEquals(expected, new Bootstrap(samples).means(r, n, 1234),
                        "every resample's mean, bit for bit, n " + n + " B " + samples);
            }
        }
    }

    @Test
    void everyIndexIsEquallyLikely() {
        // index 3 of n = 10 over 1,000 resamples (10,000 draws) is drawn a tenth of the time: the chi-square of
        // {index 3, any other} (one degree of freedom) stays below its 0.999 quantile, 10.83
        double[] r = new double[10];
        r[3] = 1;
        double[] means = new Bootstrap(1000).means(r, 10, 99);
        // with a single 1 among zeros, a resample's mean is (times index 3 was drawn) / 10
        double hits = 0;
        for (double m : means) {
            hits += Math.round(m * 10);
        }
        double expected = 1000.0;
        double chi = (hits - expected) * (hits - expected) / expected
                + (10_000 - hits - 9 * expected) * (10_000 - hits - 9 * expected) / (9 * expected);
        assertTrue(chi < 10.83, "index 3 drawn " + hits + " times in 10,000 (chi2(1) " + chi + ")");
    }
}
