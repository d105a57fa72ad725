package io.revertiq.deploy;

import io.revertiq.avro.AnalysisStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * An analysis's progress on stderr: redrawn in place on a terminal, or as plain lines (one per stage and per 10%)
 * when stderr is a file or pipe, so logs stay readable. The ETA extrapolates the rate since the first progress seen.
 */
final class StatusBar {
    enum Style { REDRAWN, LINES }

    private static final int WIDTH = 30;
    private static final int LINE_STEP_PCT = 10;
    private final PrintWriter out;
    private final Style style;
    private final long start = System.nanoTime();
    private long firstProgressAt = -1;
    private double firstPct;
    private String lastPhase;
    private int lastStep = -1;
    private boolean drawn;

    StatusBar(PrintWriter out) {
        this(out, Style.REDRAWN);
    }

    StatusBar(PrintWriter out, Style style) {
        this.out = out;
        this.style = style;
    }

    /** Redrawn when this process's stderr is a terminal, else lines. */
    static StatusBar forStderr(PrintWriter out) {
        return new StatusBar(out, stderrIsTerminal() ? Style.REDRAWN : Style.LINES);
    }

    void show(AnalysisStatus status) {
        show(status.getStatus().name(), status.getStage() == null ? null : status.getStage().toString(),
                status.getProgressPct(), status.getCellsDone(), status.getCellsTotal());
    }

    void show(String status, String stage, double pct, int cellsDone, int cellsTotal) {
        long now = System.nanoTime();
        if (firstProgressAt < 0 && pct > 0) {
            firstProgressAt = now;
            firstPct = pct;
        }
        String phase = stage == null ? status : status + " " + stage;
        double seconds = (now - start) / 1e9;
        String cells = cellsTotal > 0 ? String.format(Locale.ROOT, "  %d/%d cells", cellsDone, cellsTotal) : "";
        String line = String.format(Locale.ROOT, "%5.1f%%%s  %.1fs  eta %s", pct, cells, seconds, eta(now, pct));
        if (style == Style.REDRAWN) {
            int filled = (int) Math.round(Math.max(0, Math.min(100, pct)) / 100.0 * WIDTH);
            out.printf("\r%-15s [%s%s] %s", phase, "#".repeat(filled), " ".repeat(WIDTH - filled), line);
            drawn = true;
        } else {
            int step = (int) (pct / LINE_STEP_PCT);
            if (Objects.equals(phase, lastPhase) && step == lastStep) {
                return;
            }
            out.println(phase + " " + line.strip());
        }
        lastPhase = phase;
        lastStep = (int) (pct / LINE_STEP_PCT);
        out.flush();
    }

    void done() {
        if (drawn) {
            out.println();
        }
        out.flush();
    }

    private String eta(long now, double pct) {
        if (firstProgressAt < 0 || pct <= firstPct || now == firstProgressAt) {
            return "-";
        }
        double seconds = (now - firstProgressAt) / 1e9 / (pct - firstPct) * (100 - pct);
        return String.format(Locale.ROOT, "%.1fs", Math.max(0, seconds));
    }

    /** Linux names the file behind each descriptor; elsewhere a console means an interactive session. */
    private static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd2)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // fall through to the console check
        }
        return System.console() != null;
    }
}
