package io.kafkaconnect.metronome;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The plugin's version as the build wrote it: what both connectors and their tasks report to Connect, and what the
 * client sends in its User-Agent. Read from a resource rather than the jar manifest so it is also right when the
 * classes run from a directory (tests, IDEs).
 */
public final class PluginVersion {

    private static final String RESOURCE = "plugin-version.properties";
    private static final String VERSION = read();

    private PluginVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = PluginVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the plugin jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            if (version.isBlank() || version.startsWith("${")) {
                throw new IllegalStateException(RESOURCE + " was not filtered by the build: '" + version + "'");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
