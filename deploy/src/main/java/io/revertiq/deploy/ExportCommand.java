package io.revertiq.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.revertiq.analysis.io.WindowsCsv;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code revertiq export ID --csv|--json}: a complete analysis's result JSON as served, or its windows as the
 * {@code windows.csv} artifact (rendered here from the result JSON, byte for byte the same).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a complete analysis as windows CSV or result JSON (stdout, or -o FILE).",
                "Exit codes: 0 written, 1 the analysis failed, 2 unknown id or not complete yet, "
                        + "3 server unreachable or refusing the key."})
public final class ExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The analysis id (an_...).")
    String id;
    @ArgGroup(exclusive = true, multiplicity = "1")
    Format format;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of stdout.")
    Path output;
    @Mixin
    ServerOptions server;
    @Spec
    CommandSpec spec;

    static final class Format {
        @Option(names = "--csv", required = true, description = "One row per window (windows.csv).")
        boolean csv;
        @Option(names = "--json", required = true, description = "The result JSON.")
        boolean json;
    }

    @Override
    public Integer call() throws Exception {
        String text = server.client(System.getenv()).analysis(id);
        JsonNode result = ApiClient.parse(text);
        String status = result.path("status").asText();
        if (status.equals("failed")) {
            throw CliFailure.analysisFailed(id, result.path("stage").asText(null), result.path("reason").asText());
        }
        if (!status.equals("complete")) {
            throw new CliFailure(CliFailure.INVALID_INPUT, "FAILED_PRECONDITION", "analysis " + id + " is " + status
                    + ", not complete", null, "follow it with: revertiq status " + id);
        }
        String content = format.csv ? WindowsCsv.render(result) : text;
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(content);
            out.flush();
        } else {
            Path parent = output.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(output, content, StandardCharsets.UTF_8);
            spec.commandLine().getErr().println("wrote " + output);
        }
        return 0;
    }
}
