package io.revertiq.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code revertiq status ID}: one line on where an analysis is (or {@code --json}, the API's answer). */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show an analysis's status and progress, one line (or --json).",
                "Exit codes: 0 queued, running or complete, 1 failed, 2 unknown id, 3 server unreachable or refusing the key."})
public final class StatusCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The analysis id (an_...).")
    String id;
    @Option(names = "--json", description = "Print GET /v1/analysis/{id} as the server answers it (the full result once complete).")
    boolean json;
    @Mixin
    ServerOptions server;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String text = server.client(System.getenv()).analysis(id);
        JsonNode status = ApiClient.parse(text);
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? text.strip() : line(status));
        out.flush();
        return "failed".equals(status.path("status").asText()) ? CliFailure.ANALYSIS_FAILED : 0;
    }

    static String line(JsonNode s) {
        String id = s.path("analysis_id").asText();
        String updated = s.path("updated_at").isTextual() ? ", updated " + s.path("updated_at").asText() : "";
        return switch (s.path("status").asText()) {
            case "running" -> String.format(Locale.ROOT, "%s running: %s %.1f%%%s%s", id, s.path("stage").asText(),
                    s.path("progress_pct").asDouble(), s.path("cells_total").asInt() > 0
                            ? String.format(Locale.ROOT, " (%d/%d cells)", s.path("cells_done").asInt(),
                            s.path("cells_total").asInt()) : "", updated);
            case "ingesting" -> id + " ingesting" + updated;
            case "failed" -> id + " failed at stage " + s.path("stage").asText() + ": " + s.path("reason").asText() + updated;
            case "complete" -> {
                JsonNode g = s.path("global_stats");
                yield String.format(Locale.ROOT, "%s complete: %s %s..%s, %d windows ranked (%d significant, %d insufficient), %s",
                        id, s.path("ticker").asText(), s.at("/horizon/start").asText(), s.at("/horizon/end").asText(),
                        s.path("windows_ranked").size(), g.path("cells_significant").asInt(),
                        g.path("cells_insufficient").asInt(), s.at("/provenance/data_hash").asText());
            }
            default -> id + " " + s.path("status").asText() + updated;
        };
    }
}
