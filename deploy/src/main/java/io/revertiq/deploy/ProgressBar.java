package io.revertiq.deploy;

import io.revertiq.engine.Analysis;
import java.io.PrintWriter;

/** A one-line progress bar on stderr, redrawn in place; stdout stays clean for JSON. */
final class ProgressBar implements Analysis.Progress {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final String label;
    private final long start = System.nanoTime();
    private int lastDrawn = -1;

    ProgressBar(PrintWriter out, String label) {
        this.out = out;
        this.label = label;
    }

    @Override
    public void cellDone(int done, int total) {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        if (filled == lastDrawn && done != total) {
            return;
        }
        lastDrawn = filled;
        double seconds = (System.nanoTime() - start) / 1e9;
        double eta = done == 0 ? 0 : seconds / done * (total - done);
        out.printf("\r%s [%s%s] %d/%d cells  %.1fs  eta %.1fs", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                done, total, seconds, eta);
        if (done == total) {
            out.println();
        }
        out.flush();
    }
}
