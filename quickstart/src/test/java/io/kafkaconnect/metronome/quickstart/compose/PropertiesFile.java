package io.kafkaconnect.metronome.quickstart.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** Writes a Java properties file (server.properties, worker.properties). */
final class PropertiesFile {

    private PropertiesFile() {
    }

    static Path write(Map<String, String> settings, Path file) {
        Properties properties = new Properties();
        properties.putAll(settings);
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                properties.store(out, "as the image would build it from its environment (DockerComposeIT)");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
