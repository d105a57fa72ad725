package io.revertiq.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.OfflineAnalyzer;
import io.revertiq.analysis.io.BarFileException;
import io.revertiq.edge.BuildInfo;
import io.revertiq.engine.request.InvalidArgumentException;
import io.revertiq.results.demo.RankedTable;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code revertiq run TICKER --from --to}: submits the analysis to a running RevertIQ over the HTTP API, follows it
 * with a progress bar on stderr and prints the ranked table (or {@code --json} the result) on stdout.
 *
 * <p>{@code --bars FILE} analyses a local file in this process with the same engine instead: the API takes no bar
 * uploads (a server reads bars only from its own provider), and a request can never name a path on the server.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Analyse TICKER through the HTTP API of a running RevertIQ (revertiq serve): progress on stderr, "
                + "the ranked table on stdout.",
                "Exit codes: 0 complete, 1 the analysis failed, 2 invalid command or request, "
                        + "3 server unreachable or refusing the key, quota or request."})
public final class RunCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(250);

    @Parameters(paramLabel = "TICKER", description = "The symbol, e.g. SPY.")
    String ticker;
    @Option(names = "--from", required = true, paramLabel = "DATE", description = "First day, yyyy-MM-dd.")
    String from;
    @Option(names = "--to", required = true, paramLabel = "DATE", description = "Last day, yyyy-MM-dd.")
    String to;
    @Option(names = "--json", description = "Print the result JSON instead of the ranked table.")
    boolean json;
    @Option(names = "--bars", paramLabel = "FILE", description = "Analyse this bars file here instead (no server; "
            + "CSV / CSV.gz / Parquet as analyze reads them).")
    Path bars;
    @Mixin
    RequestOptions request;
    @Mixin
    ServerOptions server;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ObjectNode body = request.toJson(ticker, from, to);
        Result result = bars != null ? analyseHere(body) : analyseOnServer(body);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? result.text() : RankedTable.render(result.json()));
        out.flush();
        return 0;
    }

    /** The result as the server (or the local renderer) wrote it, and parsed. */
    private record Result(String text, JsonNode json) {
    }

    private Result analyseOnServer(ObjectNode body) throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ApiClient client = server.client(System.getenv());
        JsonNode accepted;
        try {
            accepted = client.submit(body, UUID.randomUUID().toString());
        } catch (CliFailure failure) {
            throw failure.withOption(RequestOptions.optionOf(failure.field()));
        }
        String id = accepted.path("analysis_id").asText();
        err.println("analysis " + id + " submitted to " + client.server() + " (revertiq status " + id + ")");
        err.flush();
        StatusBar bar = StatusBar.forStderr(err);
        while (true) {
            String text = client.analysis(id);
            JsonNode status = ApiClient.parse(text);
            switch (status.path("status").asText()) {
                case "complete" -> {
                    bar.show("complete", null, 100, 0, 0);
                    bar.done();
                    return new Result(text, status);
                }
                case "failed" -> {
                    bar.done();
                    throw CliFailure.analysisFailed(id, status.path("stage").asText(null),
                            status.path("reason").asText("no reason given"));
                }
                default -> bar.show(status.path("status").asText(), status.path("stage").asText(null),
                        status.path("progress_pct").asDouble(0), status.path("cells_done").asInt(0),
                        status.path("cells_total").asInt(0));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private Result analyseHere(ObjectNode body) throws Exception {
        if (server.explicit()) {
            throw CliFailure.invalid("--bars", "--bars analyses the file in this process, so --server and --key do not apply",
                    "drop --bars to analyse on the server (it reads bars from its own provider)");
        }
        PrintWriter err = spec.commandLine().getErr();
        try {
            OfflineAnalyzer.Report report = new OfflineAnalyzer(BuildInfo.VERSION, Clock.systemUTC())
                    .analyze(bars, body.toString(), new ProgressBar(err, "run"));
            return new Result(report.json(), report.response());
        } catch (InvalidArgumentException invalid) {
            String field = invalid.field() == null || invalid.field().isEmpty() ? null : invalid.field();
            throw new CliFailure(CliFailure.INVALID_INPUT, invalid.code(), invalid.getMessage(), field, invalid.hint())
                    .withOption(RequestOptions.optionOf(field));
        } catch (BarFileException bad) {
            throw CliFailure.invalid("--bars", bad.getMessage(), "fix the file at the line named");
        } catch (NoSuchFileException missing) {
            throw CliFailure.invalid("--bars", "no such file: " + missing.getFile(), "check the path");
        }
    }
}
