package io.kafkaconnect.metronome.quickstart.compose;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Which Kafka line an image runs, and where this build keeps that line's jars: Connect workers in
 * {@code compat/connect-<line>/target/lib} (one module per line of the test matrix), the broker in
 * {@code quickstart/target/lib} (the project's own Kafka version). An image whose line has no jars here fails with
 * a message instead of running on other jars.
 */
public final class ImageKafkaLines {

    private final Path repoDir;
    private final Path quickstartLib;
    private final List<String> matrix;
    private final String brokerVersion;

    /**
     * @param matrix        the tested Connect versions, e.g. 3.6.2, 3.9.2 (compat.lines)
     * @param brokerVersion the Kafka version of quickstartLib (kafka.version)
     */
    public ImageKafkaLines(Path repoDir, Path quickstartLib, List<String> matrix, String brokerVersion) {
        this.repoDir = repoDir;
        this.quickstartLib = quickstartLib;
        this.matrix = matrix;
        this.brokerVersion = brokerVersion;
    }

    /** From the system properties the build sets: compat.lines and kafka.version. */
    public static ImageKafkaLines fromBuild(Path repoDir, Path buildDir) {
        String lines = System.getProperty("compat.lines");
        String kafka = System.getProperty("kafka.version");
        if (lines == null || kafka == null) {
            throw new IllegalStateException("System properties compat.lines and kafka.version are set by quickstart/pom.xml");
        }
        return new ImageKafkaLines(repoDir, buildDir.resolve("lib"),
                Arrays.stream(lines.split(",")).map(String::trim).toList(), kafka);
    }

    /**
     * The Kafka line, e.g. 3.9: apache/kafka tags are Kafka versions; Confluent Platform 7.x ships Kafka 3.x and
     * 8.x ships Kafka 4.x, minor for minor (7.9 is 3.9, 8.1 is 4.1).
     */
    public static String kafkaLine(ImageRef image) {
        String[] version = image.tag().split("[.-]");
        if (version.length < 2 || !version[0].matches("\\d+") || !version[1].matches("\\d+")) {
            throw new IllegalArgumentException(image + ": the tag is no version, so its Kafka line is unknown");
        }
        if (image.repository().equals("apache/kafka")) {
            return version[0] + "." + version[1];
        }
        if (image.repository().startsWith("confluentinc/cp-")) {
            return switch (version[0]) {
                case "7" -> "3." + version[1];
                case "8" -> "4." + version[1];
                default -> throw new IllegalArgumentException(image + ": Confluent Platform " + version[0]
                        + ".x is not mapped to a Kafka line");
            };
        }
        throw new IllegalArgumentException(image + " runs no known Kafka line");
    }

    /** Whether the plugin is tested on this image's line (compat.lines). */
    public boolean inMatrix(ImageRef image) {
        String line = kafkaLine(image);
        return matrix.stream().anyMatch(version -> version.startsWith(line + "."));
    }

    /** The worker classpath of the image's Connect line. */
    public String workerClasspath(ImageRef image) {
        String line = kafkaLine(image);
        if (!inMatrix(image)) {
            throw new IllegalStateException(image + " runs Connect " + line + ", which is not in the test matrix "
                    + matrix + ": no worker jars for it");
        }
        Path lib = repoDir.resolve("compat/connect-" + line + "/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(image + ": no Connect " + line + " jars at " + lib
                    + " (mvn -B -DskipTests package builds them)");
        }
        return lib + "/*";
    }

    /** The broker classpath of the image's Kafka line. */
    public String brokerClasspath(ImageRef image) {
        String line = kafkaLine(image);
        if (!brokerVersion.startsWith(line + ".")) {
            throw new IllegalStateException(image + " runs Kafka " + line + "; this build has broker jars for "
                    + brokerVersion + " only (" + quickstartLib + ")");
        }
        if (!Files.isDirectory(quickstartLib)) {
            throw new IllegalStateException("No broker jars at " + quickstartLib + " (mvn -B -DskipTests package)");
        }
        return quickstartLib + "/*";
    }
}
