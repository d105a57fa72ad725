package io.revertiq.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The release this build is, stamped into the jar by Maven resource filtering. */
public final class BuildInfo {
    public static final String API_VERSION = "v1";
    public static final String VERSION = load();

    private BuildInfo() {
    }

    private static String load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("revertiq.version");
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("version.properties is missing from the build", e));
        }
    }
}
