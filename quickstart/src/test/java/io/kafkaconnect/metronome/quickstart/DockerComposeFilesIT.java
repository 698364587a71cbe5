package io.kafkaconnect.metronome.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kafkaconnect.metronome.quickstart.compose.ComposeFile;
import io.kafkaconnect.metronome.quickstart.compose.ComposeService;
import io.kafkaconnect.metronome.quickstart.compose.ImageKafkaLines;
import io.kafkaconnect.metronome.quickstart.compose.ImageRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What docker-compose.yml relies on, checked without running it (DockerComposeIT runs it): every host path it
 * mounts and every config file it names exists after {@code mvn package}, the mounts land where the containers
 * look, every image runs a Kafka line of the test matrix, and services wait for healthy dependencies.
 */
class DockerComposeFilesIT {

    private final Path repo = Layout.detect().repoDir();
    private final JsonNode compose = read(repo.resolve("docker-compose.yml"));

    @Test
    void everyMountedHostPathExistsInTheBuildOutput() {
        List<String> mounts = new ArrayList<>();
        compose.path("services").forEach(service -> service.path("volumes").forEach(volume -> {
            String hostPath = volume.asText().split(":")[0];
            mounts.add(hostPath);
            assertThat(repo.resolve(hostPath)).as(volume.asText()).exists();
        }));
        assertThat(mounts).contains("./connector/target/plugin", "./emulator/target/metronome-emulator.jar");
    }

    @Test
    void connectSeesTheUnpackedPluginOnItsPluginPath() throws IOException {
        JsonNode connect = compose.path("services").path("connect");
        String pluginMount = mountTarget(connect, "./connector/target/plugin");
        assertThat(connect.path("environment").path("CONNECT_PLUGIN_PATH").asText().split(",")).contains(pluginMount);
        try (Stream<Path> plugins = Files.list(repo.resolve("connector/target/plugin"))) {
            Path plugin = plugins.findFirst().orElseThrow();
            assertThat(plugin.resolve("manifest.json")).isRegularFile();
            try (Stream<Path> jars = Files.list(plugin.resolve("lib"))) {
                assertThat(jars.map(jar -> jar.getFileName().toString()))
                        .anyMatch(name -> name.matches("kafka-connect-metronome-.*\\.jar"));
            }
        }
    }

    @Test
    void emulatorRunsTheMountedJar() {
        JsonNode emulator = compose.path("services").path("emulator");
        String jar = mountTarget(emulator, "./emulator/target/metronome-emulator.jar");
        List<String> command = new ArrayList<>();
        emulator.path("command").forEach(part -> command.add(part.asText()));
        assertThat(command).containsSequence("-jar", jar);
    }

    @Test
    void everyConfigFileItNamesExists() throws IOException {
        // The usage comments tell users to curl these in: --data @config/<file>.
        Matcher references = Pattern.compile("@(config/[\\w.-]+)").matcher(Files.readString(repo.resolve("docker-compose.yml")));
        List<String> named = new ArrayList<>();
        while (references.find()) {
            named.add(references.group(1));
            assertThat(repo.resolve(references.group(1))).isRegularFile();
            assertThat(new ObjectMapper().readTree(repo.resolve(references.group(1)).toFile()).path("config").isObject()).isTrue();
        }
        assertThat(named).contains("config/metronome-source.json", "config/metronome-sink.json");
    }

    @Test
    void everyImageRunsAKafkaLineThePluginIsTestedOn() {
        ImageKafkaLines lines = ImageKafkaLines.fromBuild(repo, Layout.detect().buildDir());
        List<String> kafkaImages = new ArrayList<>();
        for (ComposeService service : composeFile().services()) {
            ImageRef image = service.image();
            if (image.repository().equals("apache/kafka") || image.repository().startsWith("confluentinc/cp-")) {
                kafkaImages.add(image.toString());
                assertThat(lines.inMatrix(image)).as("%s runs Kafka %s; compat.lines is %s", image,
                        ImageKafkaLines.kafkaLine(image), System.getProperty("compat.lines")).isTrue();
            }
        }
        assertThat(kafkaImages).hasSize(3);
    }

    @Test
    void everyDependencyIsWaitedForUntilItsHealthcheckPasses() {
        ComposeFile file = composeFile();
        for (ComposeService service : file.services()) {
            service.dependsOn().forEach((dependency, condition) -> {
                assertThat(condition).as("%s depends_on %s", service.name(), dependency).isEqualTo(ComposeService.SERVICE_HEALTHY);
                assertThat(file.service(dependency).healthcheck()).as("healthcheck of %s", dependency).isPresent();
            });
        }
        assertThat(file.service("connect").dependsOn()).containsOnlyKeys("kafka", "schema-registry", "emulator");
    }

    private ComposeFile composeFile() {
        return ComposeFile.read(repo.resolve("docker-compose.yml"), Map.of());
    }

    private static String mountTarget(JsonNode service, String hostPath) {
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts[0].equals(hostPath)) {
                return parts[1];
            }
        }
        throw new AssertionError(hostPath + " is not mounted into " + service);
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot parse " + file, e);
        }
    }
}
