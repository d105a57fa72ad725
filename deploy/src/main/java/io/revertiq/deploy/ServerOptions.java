package io.revertiq.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the HTTP client commands send their requests and with which key (a picocli mixin). Each comes from its
 * option, else its environment variable, else a default that works beside a local {@code serve}: the server
 * {@value #DEFAULT_SERVER}, and the development key that serve saved under {@code --home} (only ever sent to a
 * loopback server).
 */
final class ServerOptions {
    static final String SERVER_ENV = "REVERTIQ_SERVER";
    static final String KEY_ENV = "REVERTIQ_API_KEY";
    static final String DEFAULT_SERVER = "http://localhost:8080";

    @Option(names = "--server", paramLabel = "URL",
            description = "The RevertIQ HTTP edge (default: $" + SERVER_ENV + ", else " + DEFAULT_SERVER + ").")
    String server;
    @Option(names = "--key", paramLabel = "KEY", description = "API key rq_... (default: $" + KEY_ENV
            + ", else the development key a local serve saved in HOME/" + DevelopmentKey.FILE_NAME + ").")
    String key;
    @Option(names = "--home", defaultValue = "data", paramLabel = "HOME",
            description = "The local serve's folder, for its development key (default: ${DEFAULT-VALUE}).")
    Path home = Path.of("data");

    /** The server and key to use. */
    record Target(URI server, String key) {
    }

    /** True when the caller named a server or key on the command line (not by environment or default). */
    boolean explicit() {
        return server != null || key != null;
    }

    ApiClient client(Map<String, String> environment) {
        Target target = resolve(environment);
        return new ApiClient(target.server(), target.key());
    }

    Target resolve(Map<String, String> environment) {
        URI uri = serverUri(firstOf(server, environment.get(SERVER_ENV)).orElse(DEFAULT_SERVER));
        Optional<String> given = firstOf(key, environment.get(KEY_ENV));
        if (given.isPresent()) {
            return new Target(uri, given.get());
        }
        Optional<String> development = loopback(uri) ? readDevelopmentKey() : Optional.empty();
        return new Target(uri, development.orElseThrow(() -> new CliFailure(CliFailure.SERVER, "UNAUTHENTICATED",
                "no API key for " + uri, "--key", "pass --key rq_... or set " + KEY_ENV
                + " (a key comes from: revertiq admin key create TENANT; a local serve saves its development key in "
                + DevelopmentKey.file(home) + ")")));
    }

    private Optional<String> readDevelopmentKey() {
        try {
            return DevelopmentKey.read(home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DevelopmentKey.file(home), e);
        }
    }

    private static Optional<String> firstOf(String option, String environment) {
        if (option != null && !option.isBlank()) {
            return Optional.of(option.strip());
        }
        return environment != null && !environment.isBlank() ? Optional.of(environment.strip()) : Optional.empty();
    }

    private static URI serverUri(String text) {
        URI uri;
        try {
            uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException e) {
            throw CliFailure.invalid("--server", "'" + text + "' is not a URL", "e.g. " + DEFAULT_SERVER);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                || (uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null) {
            throw CliFailure.invalid("--server", "'" + text + "' is not an http(s) server URL",
                    "scheme, host and port only, e.g. " + DEFAULT_SERVER);
        }
        return uri;
    }

    /** The development key never leaves this machine: it is only sent to a loopback address. */
    private static boolean loopback(URI uri) {
        try {
            return InetAddress.getByName(uri.getHost()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
