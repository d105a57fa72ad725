package io.revertiq.deploy;

import io.revertiq.avro.AnalysisStatus;
import java.io.PrintWriter;

/** Draws an analysis's status events from the status topic as one progress line on stderr. */
final class StatusBar {
    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final long start = System.nanoTime();

    StatusBar(PrintWriter out) {
        this.out = out;
    }

    void show(AnalysisStatus status) {
        int filled = (int) Math.round(status.getProgressPct() / 100.0 * WIDTH);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("\r%-9s [%s%s] %5.1f%%  %d/%d cells  %.1fs", status.getStatus(), "#".repeat(filled),
                " ".repeat(WIDTH - filled), status.getProgressPct(), status.getCellsDone(), status.getCellsTotal(), seconds);
        out.flush();
    }

    void done() {
        out.println();
        out.flush();
    }
}
