package io.revertiq.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * Why a command of the HTTP client ({@code run}, {@code status}, {@code export}) stops, printed as one line
 * {@code error CODE: message (field) - hint} with an exit code that tells scripts whom to blame: 1 the analysis
 * failed, 2 the command or request is wrong (fix it and retry), 3 the server cannot be reached or refuses the
 * caller (key, scope, quota, outage).
 */
final class CliFailure extends RuntimeException {
    static final int ANALYSIS_FAILED = 1;
    static final int INVALID_INPUT = CliError.INVALID_INPUT;
    static final int SERVER = 3;

    private final int exitCode;
    private final String code;
    private final String field;
    private final String hint;

    CliFailure(int exitCode, String code, String message, String field, String hint) {
        super(message);
        this.exitCode = exitCode;
        this.code = code;
        this.field = field;
        this.hint = hint;
    }

    /** A v1 error answered by the server ({@code {"error":{code,message,field,hint},"request_id"}}). */
    static CliFailure fromServer(int httpStatus, JsonNode body, String rawBody) {
        JsonNode error = body == null ? null : body.path("error");
        if (error == null || !error.path("code").isTextual()) {
            String text = rawBody == null ? "" : rawBody.strip();
            return new CliFailure(exitCode(httpStatus), "HTTP_" + httpStatus, "the server answered HTTP " + httpStatus
                    + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length()))), null,
                    "is --server a RevertIQ edge?");
        }
        String message = error.path("message").asText();
        if (httpStatus >= 500 && body.path("request_id").isTextual()) {
            message += " (request_id " + body.path("request_id").asText() + ")";
        }
        return new CliFailure(exitCode(httpStatus), error.path("code").asText(), message, text(error.path("field")),
                text(error.path("hint")));
    }

    static CliFailure unreachable(URI server, Exception cause) {
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new CliFailure(SERVER, "UNAVAILABLE", "cannot reach the server at " + server + ": " + why, null,
                "start it with: revertiq serve, or pass --server URL (or set REVERTIQ_SERVER)");
    }

    static CliFailure invalid(String field, String message, String hint) {
        return new CliFailure(INVALID_INPUT, "INVALID_ARGUMENT", message, field, hint);
    }

    static CliFailure analysisFailed(String analysisId, String stage, String reason) {
        return new CliFailure(ANALYSIS_FAILED, "FAILED", "analysis " + analysisId + " failed"
                + (stage == null ? "" : " at stage " + stage) + ": " + reason, null, null);
    }

    /** 401/403 (the key), 429 (quota, rate) and 5xx (the service) are the server's answer to the caller; the rest is the request's fault. */
    private static int exitCode(int httpStatus) {
        return httpStatus == 401 || httpStatus == 403 || httpStatus == 429 || httpStatus >= 500 ? SERVER : INVALID_INPUT;
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    int exitCode() {
        return exitCode;
    }

    String code() {
        return code;
    }

    String field() {
        return field;
    }

    /** The same failure with its field also named as the command-line option that set it. */
    CliFailure withOption(String option) {
        return option == null ? this
                : new CliFailure(exitCode, code, getMessage(), field == null ? option : field + ", " + option, hint);
    }

    /** {@code error CODE: message (field) - hint} */
    String line() {
        return "error " + code + ": " + getMessage() + (field == null ? "" : " (" + field + ")")
                + (hint == null ? "" : " - " + hint);
    }
}
