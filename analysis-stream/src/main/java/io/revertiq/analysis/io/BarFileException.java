package io.revertiq.analysis.io;

import java.io.IOException;
import java.nio.file.Path;

/** A bar file that cannot be read as bars; the message names the file, the line (1-based) and the problem. */
public final class BarFileException extends IOException {
    private final transient Path file;
    private final long line;
    private final String problem;

    public BarFileException(Path file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number; the header is line 1. */
    public long line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
