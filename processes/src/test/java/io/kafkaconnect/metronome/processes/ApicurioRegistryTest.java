package io.kafkaconnect.metronome.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the distribution; the registry itself runs in the connector's and the quickstart's ITs. */
class ApicurioRegistryTest {

    @TempDir
    Path dir;

    @Test
    void theRunnerJarIsFoundAnywhereUnderTheDistribution() throws Exception {
        Path runner = Files.createDirectories(dir.resolve("apicurio-registry-app-2.6.13.Final"))
                .resolve("apicurio-registry-app-2.6.13.Final-runner.jar");
        Files.createFile(runner);
        Files.createFile(dir.resolve("README"));

        assertThat(ApicurioRegistry.runnerJar(dir)).isEqualTo(runner);
    }

    @Test
    void aMissingDistributionOrRunnerJarIsNamed() throws Exception {
        Path missing = dir.resolve("no-apicurio-here");
        assertThatThrownBy(() -> ApicurioRegistry.runnerJar(missing)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.toString());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> ApicurioRegistry.runnerJar(empty)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No Apicurio *-runner.jar under " + empty);
    }
}
