package io.kafkaconnect.metronome.quickstart.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which Kafka line an image runs, and that only that line's jars run it. */
class ImageKafkaLinesTest {

    @TempDir
    Path repo;

    @Test
    void apacheKafkaTagsAreKafkaVersionsAndConfluentPlatformMapsMinorForMinor() {
        assertThat(ImageKafkaLines.kafkaLine(ImageRef.parse("apache/kafka:4.3.1"))).isEqualTo("4.3");
        assertThat(ImageKafkaLines.kafkaLine(ImageRef.parse("confluentinc/cp-kafka-connect:7.9.0"))).isEqualTo("3.9");
        assertThat(ImageKafkaLines.kafkaLine(ImageRef.parse("confluentinc/cp-kafka-connect:8.1.2"))).isEqualTo("4.1");
        assertThatThrownBy(() -> ImageKafkaLines.kafkaLine(ImageRef.parse("confluentinc/cp-kafka-connect:latest")))
                .hasMessageContaining("no version");
        assertThatThrownBy(() -> ImageKafkaLines.kafkaLine(ImageRef.parse("confluentinc/cp-kafka-connect:6.2.0")))
                .hasMessageContaining("not mapped");
    }

    @Test
    void aWorkerRunsOnTheJarsOfItsLineAndOnNoOthers() throws Exception {
        Files.createDirectories(repo.resolve("compat/connect-3.9/target/lib"));
        ImageKafkaLines lines = new ImageKafkaLines(repo, repo.resolve("quickstart/target/lib"), List.of("3.6.2", "3.9.2"), "4.3.1");

        assertThat(lines.workerClasspath(ImageRef.parse("confluentinc/cp-kafka-connect:7.9.0")))
                .isEqualTo(repo.resolve("compat/connect-3.9/target/lib") + "/*");
        assertThatThrownBy(() -> lines.workerClasspath(ImageRef.parse("confluentinc/cp-kafka-connect:7.8.0")))
                .hasMessageContaining("Connect 3.8, which is not in the test matrix");
        assertThatThrownBy(() -> lines.workerClasspath(ImageRef.parse("confluentinc/cp-kafka-connect:7.6.0")))
                .as("in the matrix but not built").hasMessageContaining("no Connect 3.6 jars");
    }

    @Test
    void theBrokerRunsOnTheProjectsKafkaLineOnly() throws Exception {
        Path lib = Files.createDirectories(repo.resolve("quickstart/target/lib"));
        ImageKafkaLines lines = new ImageKafkaLines(repo, lib, List.of("4.3.1"), "4.3.1");

        assertThat(lines.brokerClasspath(ImageRef.parse("apache/kafka:4.3.1"))).isEqualTo(lib + "/*");
        assertThatThrownBy(() -> lines.brokerClasspath(ImageRef.parse("apache/kafka:4.1.1")))
                .hasMessageContaining("runs Kafka 4.1; this build has broker jars for 4.3.1 only");
    }
}
