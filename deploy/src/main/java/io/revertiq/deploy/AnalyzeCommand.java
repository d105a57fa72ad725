package io.revertiq.deploy;

import io.revertiq.analysis.OfflineAnalyzer;
import io.revertiq.edge.BuildInfo;
import io.revertiq.engine.request.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code revertiq analyze}: one analysis of a bars file; prints the v1 analyze response. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse a bars file with a v1 request JSON and print the v1 response.")
public final class AnalyzeCommand implements Callable<Integer> {
    @Option(names = "--offline", description = "Run the engine in this process (no Kafka).")
    boolean offline;
    @Option(names = "--bars", required = true, description = "Bars CSV / CSV.gz (t,o,h,l,c,v | timestamp,open,... | Polygon flat file).")
    Path bars;
    @Option(names = "--request", required = true, description = "The v1 analyze request JSON.")
    Path request;
    @Option(names = "--out", description = "Also write result.json and windows.csv into this folder.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!offline) {
            throw new InvalidArgumentException("--offline", "this build analyses in process only",
                    "add --offline (the streaming pipeline path is not in this build yet)");
        }
        String requestJson = Files.readString(request, StandardCharsets.UTF_8);
        OfflineAnalyzer.Report report = new OfflineAnalyzer(BuildInfo.VERSION, Clock.systemUTC())
                .analyze(bars, requestJson, new ProgressBar(spec.commandLine().getErr(), "analyze"));
        if (out != null) {
            report.writeTo(out);
            spec.commandLine().getErr().println("wrote " + out.resolve("result.json") + " and " + out.resolve("windows.csv"));
        }
        spec.commandLine().getOut().print(report.json());
        return 0;
    }
}
