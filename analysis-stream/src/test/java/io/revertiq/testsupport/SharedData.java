package io.revertiq.testsupport;

import java.nio.file.Path;

/** Locates the read-only shared data folder (never part of the product). */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        return Path.of(System.getProperty("revertiq.shared", "../../shared")).toAbsolutePath().normalize();
    }

    public static Path data(String relative) {
        return root().resolve("data").resolve(relative);
    }
}
