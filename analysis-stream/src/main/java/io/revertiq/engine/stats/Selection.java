package io.revertiq.engine.stats;

/**
 * Order statistics without a full sort, in {@link Double#compare}'s total order (the order {@code Arrays.sort}
 * gives: -0.0 before 0.0, NaN last), so a selected value is exactly the one a sorted array holds at that rank.
 */
public final class Selection {
    private Selection() {
    }

    /**
     * The k-th smallest of a[0, n) (k from 0). Reorders a[0, n) so that a[k] holds it, nothing before it is
     * greater and nothing after it is smaller. Quickselect with a median-of-three pivot: O(n) expected.
     */
    public static double select(double[] a, int n, int k) {
        if (k < 0 || k >= n) {
            throw new IllegalArgumentException("rank " + k + " outside [0, " + n + ")");
        }
        int lo = 0;
        int hi = n - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // order a[lo], a[mid], a[hi]; the median goes to a[mid] and serves as the pivot
            if (less(a[mid], a[lo])) {
                swap(a, mid, lo);
            }
            if (less(a[hi], a[lo])) {
                swap(a, hi, lo);
            }
            if (less(a[hi], a[mid])) {
                swap(a, hi, mid);
            }
            double pivot = a[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (less(a[i], pivot)) {
                    i++;
                }
                while (less(pivot, a[j])) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j);
                    i++;
                    j--;
                }
            }
            // now a[lo..j] <= pivot <= a[i..hi], and a[j+1..i-1] equals the pivot
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /** The smallest of a[from, to), to > from. */
    public static double minFrom(double[] a, int from, int to) {
        double min = a[from];
        for (int i = from + 1; i < to; i++) {
            if (less(a[i], min)) {
                min = a[i];
            }
        }
        return min;
    }

    private static boolean less(double x, double y) {
        return Double.compare(x, y) < 0;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
