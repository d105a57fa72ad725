package io.revertiq.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revertiq.analysis.io.RequestParser;
import io.revertiq.avro.AnalysisResult;
import io.revertiq.edge.BuildInfo;
import io.revertiq.engine.request.AnalysisParams;
import io.revertiq.engine.synthetic.SyntheticMarket.PlantedCell;
import io.revertiq.ingest.provider.SyntheticProvider;
import io.revertiq.platform.LocalPlatform;
import io.revertiq.results.artifacts.ArtifactKeys;
import io.revertiq.results.demo.RankedTable;
import io.revertiq.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code revertiq demo}: a synthetic market with planted mean-reverting windows, analysed end to end through
 * the embedded platform (broker, registry, ingest -> analysis -> results), printed as the ranked table.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Analyse a synthetic market with planted windows through the whole embedded pipeline.")
public final class DemoCommand implements Callable<Integer> {
    /** Tuesday 10-11, Thursday 13-14 and Friday 11-12 revert; every other hour is a random walk. */
    static final List<PlantedCell> PLANTED = List.of(new PlantedCell(2, 600, 660, 0.3),
            new PlantedCell(4, 780, 840, 0.3), new PlantedCell(5, 660, 720, 0.25));
    static final String REQUEST = "{\"ticker\":\"DEMO\",\"horizon\":{\"start\":\"2024-01-02\",\"end\":\"2025-12-31\"},"
            + "\"bar\":{\"interval\":\"1m\"},\"windows\":{\"spec\":\"10:00-16:00/60m\"},"
            + "\"params\":{\"entry_grid\":[-2.0,-1.5,-1.0],\"exit_grid\":[0.0],\"hold_grid_min\":[30,60]},"
            + "\"significance\":{\"min_trades\":30},\"output\":{\"explain\":true}}";

    @Option(names = "--out", defaultValue = "revertiq-demo", description = "Folder for the results (default: ${DEFAULT-VALUE}).")
    Path out;
    @Option(names = "--seed", defaultValue = "7", description = "Seed of the synthetic market (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path data = out.resolve("data");
        err.println("starting the embedded platform (Kafka, schema registry, ingest -> analysis -> results)...");
        try (LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Config(null, data.resolve("kafka"),
                "localhost", 0, 0, 0));
             Pipeline pipeline = Pipeline.start(new Pipeline.Config(platform.bootstrapServers(), platform.registryUrl(),
                     data, new SyntheticProvider(seed, PLANTED), "demo", BuildInfo.VERSION, 2, Duration.ofHours(24)))
                     .awaitRunning(Duration.ofSeconds(60));
             PipelineClient client = new PipelineClient(platform.bootstrapServers(),
                     new SchemaRegistryClient(platform.registryUrl()))) {
            AnalysisParams params = RequestParser.parse(REQUEST);
            String analysisId = client.submit(params);
            err.println("analysis " + analysisId + ": DEMO, 2 years of 1-minute bars, 30 windows (MON-FRI x 10:00-16:00/60m)");
            StatusBar bar = new StatusBar(err);
            AnalysisResult result = client.await(analysisId, Duration.ofMinutes(10), bar::show);
            bar.done();

            Path folder = out.resolve(analysisId);
            Files.createDirectories(folder);
            copy(data, ArtifactKeys.resultJson(analysisId), folder.resolve("result.json"));
            copy(data, ArtifactKeys.windowsCsv(analysisId), folder.resolve("windows.csv"));
            copy(data, ArtifactKeys.heatmapPng(analysisId), folder.resolve("heatmap.png"));
            copy(data, ArtifactKeys.heatmapSvg(analysisId), folder.resolve("heatmap.svg"));
            copy(data, ArtifactKeys.manifest(analysisId), folder.resolve("manifest.json"));

            JsonNode response = new ObjectMapper().readTree(result.getResultJson());
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(RankedTable.render(response));
            stdout.println("planted: TUE 10:00-11:00, THU 13:00-14:00, FRI 11:00-12:00");
            stdout.println("results: " + folder.toAbsolutePath() + " (result.json, windows.csv, heatmap.png, heatmap.svg, manifest.json)");
            stdout.flush();
        }
        return 0;
    }

    private static void copy(Path data, String key, Path target) throws java.io.IOException {
        Files.copy(data.resolve("objects").resolve(key), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
