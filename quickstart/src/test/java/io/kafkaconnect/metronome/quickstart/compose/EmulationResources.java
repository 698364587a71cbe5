package io.kafkaconnect.metronome.quickstart.compose;

import io.kafkaconnect.metronome.quickstart.Layout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What the build provides for the images: each Kafka line's jars, Apicurio Registry (for the schema registry
 * image), Apicurio's Avro converter as a plugin directory (for the Confluent converter in Confluent's Connect image),
 * and the child processes' logging configuration (Log4j 2 for Kafka 4.x, log4j 1 for the 3.x lines' reload4j).
 */
public record EmulationResources(ImageKafkaLines lines, Path apicurioDistribution, Path converterPlugins,
        Path log4j2Config, Path log4j1Config) {

    /** From the quickstart's build; the logging files are written to {@code workDir}. */
    public static EmulationResources fromBuild(Layout layout, Path workDir) {
        String converterPlugins = System.getProperty("compose.converter.plugins");
        if (converterPlugins == null || !Files.isDirectory(Path.of(converterPlugins))) {
            throw new IllegalStateException("No Apicurio converter plugin directory (system property"
                    + " compose.converter.plugins: " + converterPlugins + "); build first: mvn -B -DskipTests package");
        }
        try {
            Files.createDirectories(workDir);
            Path log4j2 = workDir.resolve("log4j2-children.properties");
            try (InputStream in = EmulationResources.class.getResourceAsStream("/quickstart-children-log4j2.properties")) {
                Files.copy(in, log4j2, StandardCopyOption.REPLACE_EXISTING);
            }
            Path log4j1 = Files.writeString(workDir.resolve("log4j-children.properties"), String.join("\n",
                    "log4j.rootLogger=INFO, out",
                    "log4j.appender.out=org.apache.log4j.ConsoleAppender",
                    "log4j.appender.out.layout=org.apache.log4j.PatternLayout",
                    "log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n", ""));
            return new EmulationResources(ImageKafkaLines.fromBuild(layout.repoDir(), layout.buildDir()),
                    layout.apicurioDistribution(), Path.of(converterPlugins), log4j2, log4j1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the children's logging configuration to " + workDir, e);
        }
    }
}
