package io.revertiq.results.artifacts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An {@link ObjectStore} in a local folder (the embedded default): key "a/b/c" is the file root/a/b/c.
 * A put writes a temporary file beside the target and renames it over the target, so a reader (the edge, another
 * process) never sees a half-written artifact; a crash leaves at most a '.'-named temp file, which {@link #list}
 * ignores and no valid key can name. The content type is not kept: files carry none, and readers know each
 * artifact's type from its key.
 */
public final class LocalObjectStore implements ObjectStore {
    private static final String SEPARATOR = FileSystems.getDefault().getSeparator();

    private final Path root;

    public LocalObjectStore(Path root) throws IOException {
        this.root = Files.createDirectories(root).toAbsolutePath().normalize();
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) throws IOException {
        Path target = resolve(key);
        Path dir = Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(dir, ".", ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                // on disk before the rename publishes it, so a crash cannot leave a renamed but empty file
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            // replaced or removed between the check and the read
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(this::keyOf)
                    .filter(key -> key.startsWith(prefix) && ObjectKeys.isValid(key))
                    .sorted()
                    .toList();
        }
    }

    private Path resolve(String key) {
        Path path = root.resolve(ObjectKeys.requireValid(key)).normalize();
        // the key rules already exclude this; the check keeps the folder safe should they ever be loosened
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("object key escapes the store: " + key);
        }
        return path;
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(SEPARATOR, "/");
    }
}
