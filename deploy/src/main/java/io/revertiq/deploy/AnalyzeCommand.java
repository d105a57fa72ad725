package io.revertiq.deploy;

import io.revertiq.analysis.OfflineAnalyzer;
import io.revertiq.edge.BuildInfo;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.analysis.io.ResultJson;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.ingest.provider.FileProvider;
import io.revertiq.platform.LocalPlatform;
import io.revertiq.results.artifacts.ArtifactKeys;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
        description = "Analyse a bars file with a v1 request JSON through the embedded pipeline (or --offline in process) and print the v1 response.")
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
        String requestJson = Files.readString(request, StandardCharsets.UTF_8);
        if (!offline) {
            spec.commandLine().getOut().print(ResultJson.pretty(throughPipeline(requestJson)));
            return 0;
        }
        OfflineAnalyzer.Report report = new OfflineAnalyzer(BuildInfo.VERSION, Clock.systemUTC())
                .analyze(bars, requestJson, new ProgressBar(spec.commandLine().getErr(), "analyze"));
        if (out != null) {
            report.writeTo(out);
            spec.commandLine().getErr().println("wrote " + out.resolve("result.json") + " and " + out.resolve("windows.csv"));
        }
        spec.commandLine().getOut().print(ResultJson.pretty(report.json()));
        return 0;
    }

    /**
     * The same analysis through the embedded platform: the file is served by the files provider, ingested into a
     * lake, fanned out per cell and assembled, exactly as a production request would be.
     */
    private String throughPipeline(String requestJson) throws Exception {
        AnalysisParams params = RequestParser.parse(requestJson);
        Path home = Files.createTempDirectory("revertiq-analyze");
        Path files = Files.createDirectories(home.resolve("files"));
        String name = bars.getFileName().toString();
        String extension = name.endsWith(".parquet") ? ".parquet" : name.endsWith(".gz") ? ".csv.gz" : ".csv";
        Files.copy(bars, files.resolve(params.ticker() + extension));
        PrintWriter err = spec.commandLine().getErr();
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Config(null, home.resolve("kafka"),
                "localhost", 0, 0, 0));
             Pipeline pipeline = Pipeline.start(new Pipeline.Config(platform.bootstrapServers(), platform.registryUrl(),
                     home, new FileProvider(files), "analyze", BuildInfo.VERSION, 2, Duration.ofHours(24)))
                     .awaitRunning(Duration.ofSeconds(60));
             PipelineClient client = new PipelineClient(platform.bootstrapServers(),
                     new SchemaRegistryClient(platform.registryUrl()))) {
            StatusBar bar = new StatusBar(err);
            AnalysisResult result = client.await(client.submit(params), Duration.ofMinutes(30), bar::show);
            bar.done();
            if (out != null) {
                Files.createDirectories(out);
                Files.writeString(out.resolve("result.json"), result.getResultJson(), StandardCharsets.UTF_8);
                Files.copy(home.resolve("objects").resolve(ArtifactKeys.windowsCsv(result.getAnalysisId())),
                        out.resolve("windows.csv"), StandardCopyOption.REPLACE_EXISTING);
            }
            return result.getResultJson();
        }
    }
}
