package io.revertiq.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revertiq.analysis.io.BarFileException;
import io.revertiq.edge.tenancy.TenancyException;
import io.revertiq.engine.request.InvalidArgumentException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Bad input on the command line ends with the v1 error format on stderr ({@code {"error": {code, message,
 * field, hint}}}) and exit code 2; the HTTP client commands' {@link CliFailure} prints its one line and exit code;
 * anything else is an internal error with exit code 1.
 */
final class CliError implements CommandLine.IExecutionExceptionHandler {
    static final int INVALID_INPUT = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof CliFailure failure) {
            err.println(failure.line());
            return failure.exitCode();
        }
        if (e instanceof InvalidArgumentException invalid) {
            err.println(render(invalid.code(), invalid.getMessage(), invalid.field(), invalid.hint()));
            return INVALID_INPUT;
        }
        if (e instanceof BarFileException bad) {
            err.println(render("INVALID_ARGUMENT", bad.getMessage(), "bars", "fix the file at the line named"));
            return INVALID_INPUT;
        }
        if (e instanceof TenancyException refused) {
            err.println(render(refused.code(), refused.getMessage(), null, "see revertiq admin --help"));
            return INVALID_INPUT;
        }
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            err.println(render("NOT_FOUND", "no such file: " + missing.getFile(), null, "check the path"));
            return INVALID_INPUT;
        }
        err.println(render("INTERNAL", e.getClass().getSimpleName() + ": " + e.getMessage(), null,
                "this is a bug; the stack trace follows"));
        e.printStackTrace(err);
        return 1;
    }

    static String render(String code, String message, String field, String hint) {
        ObjectNode error = JSON.createObjectNode();
        ObjectNode body = error.putObject("error").put("code", code).put("message", message);
        if (field == null) {
            body.putNull("field");
        } else {
            body.put("field", field);
        }
        body.put("hint", hint);
        return error.toString();
    }
}
