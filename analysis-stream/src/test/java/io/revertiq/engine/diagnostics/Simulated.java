package io.revertiq.engine.diagnostics;

import java.util.Random;

/** Seeded simulated series for the property tests. */
final class Simulated {
    private Simulated() {
    }

    /** Gaussian random walk starting at start with step standard deviation sigma. */
    static double[] randomWalk(int n, double start, double sigma, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[n];
        x[0] = start;
        for (int i = 1; i < n; i++) {
            x[i] = x[i - 1] + sigma * rnd.nextGaussian();
        }
        return x;
    }

    /** Zero-mean Gaussian AR(1) x_t = phi x_{t-1} + e_t started from its stationary distribution. */
    static double[] ar1(int n, double phi, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[n];
        x[0] = rnd.nextGaussian() / Math.sqrt(1.0 - phi * phi);
        for (int i = 1; i < n; i++) {
            x[i] = phi * x[i - 1] + rnd.nextGaussian();
        }
        return x;
    }

    /** Session ids of n bars in sessions of the given length. */
    static int[] sessions(int n, int barsPerSession) {
        int[] id = new int[n];
        for (int i = 0; i < n; i++) {
            id[i] = i / barsPerSession;
        }
        return id;
    }
}
