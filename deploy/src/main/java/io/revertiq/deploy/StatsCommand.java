package io.revertiq.deploy;

import io.revertiq.analysis.SeriesStats;
import io.revertiq.analysis.io.SeriesCsv;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revertiq stats}: stationarity and mean-reversion diagnostics of one plain series, as JSON. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "ADF, KPSS, Hurst, OU half-life, acf1 and variance ratios of a series (taken as a level).")
public final class StatsCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "CSV file with a header.")
    Path input;
    @Option(names = "--column", description = "Value column (default: x, or the only column).")
    String column;
    @Option(names = "--session-column", description = "Column whose changes start a new session (Hurst and OU pairs stay inside sessions).")
    String sessionColumn;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SeriesCsv series = SeriesCsv.read(input, column, sessionColumn);
        spec.commandLine().getOut().println(SeriesStats.report(series.values(), series.sessionId()).toPrettyString());
        return 0;
    }
}
