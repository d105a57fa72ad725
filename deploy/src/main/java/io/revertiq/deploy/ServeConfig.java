package io.revertiq.deploy;

import java.nio.file.Path;

/**
 * What {@code revertiq serve} runs, validated before anything starts. With no external bootstrap the
 * embedded default starts a KRaft broker; with no external registry it serves the registry API itself.
 */
public record ServeConfig(String host, int kafkaPort, int controllerPort, int registryPort, int httpPort,
                          Path home, String externalBootstrap, String externalRegistry, ProviderChoice provider,
                          int threads) {

    public ServeConfig {
        port("--kafka-port", kafkaPort);
        port("--controller-port", controllerPort);
        port("--registry-port", registryPort);
        port("--http-port", httpPort);
        if (externalBootstrap != null && !externalBootstrap.matches("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*")) {
            throw new IllegalArgumentException("--bootstrap must be HOST:PORT[,HOST:PORT...], got '" + externalBootstrap + "'");
        }
        if (externalRegistry != null && !externalRegistry.matches("https?://\\S+")) {
            throw new IllegalArgumentException("--registry must be an http(s) URL, got '" + externalRegistry + "'");
        }
        if (externalRegistry != null && externalBootstrap == null) {
            throw new IllegalArgumentException("--registry needs --bootstrap: the embedded broker always runs its own registry");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
        if (externalBootstrap == null && (kafkaPort == 0 ? false : kafkaPort == controllerPort)) {
            throw new IllegalArgumentException("--kafka-port and --controller-port must differ");
        }
    }

    /** The embedded broker's data; lake, object store and Streams state live beside it under {@link #home}. */
    public Path kafkaDir() {
        return home.resolve("kafka");
    }

    private static void port(String option, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(option + " must be 0..65535 (0 picks a free port), got " + port);
        }
    }
}
