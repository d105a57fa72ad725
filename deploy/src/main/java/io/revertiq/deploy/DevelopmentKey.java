package io.revertiq.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The development tenant's key, which the embedded default creates on its first start, kept in
 * {@code HOME/dev.key} (owner read/write only) so that {@code revertiq run} beside a local {@code serve} works
 * without {@code --key}. A development convenience: a production edge runs with {@code --db-url} and has none.
 */
final class DevelopmentKey {
    static final String FILE_NAME = "dev.key";

    private DevelopmentKey() {
    }

    static Path file(Path home) {
        return home.resolve(FILE_NAME);
    }

    /** Writes the key, replacing an older file (a fresh database made a new development tenant). */
    static Path save(Path home, String key) throws IOException {
        Path file = file(home);
        Files.createDirectories(home);
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // created owner-only, so the key is never readable by others, not even for a moment
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
        return file;
    }

    static Optional<String> read(Path home) throws IOException {
        Path file = file(home);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String key = Files.readString(file, StandardCharsets.UTF_8).strip();
        return key.isEmpty() ? Optional.empty() : Optional.of(key);
    }
}
