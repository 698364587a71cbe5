package io.kafkaconnect.metronome.quickstart.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project's docker-compose.yml read as `docker-compose up` reads it, and Compose's interpolation. */
class ComposeFileTest {

    private static final Path REPO = Path.of(System.getProperty("quickstart.repo.dir", "..")).toAbsolutePath().normalize();

    @Test
    void servicesInFileOrderWithInterpolatedDefaults() {
        ComposeFile compose = ComposeFile.read(REPO.resolve("docker-compose.yml"), Map.of());

        assertThat(compose.services()).extracting(ComposeService::name)
                .containsExactly("kafka", "schema-registry", "connect", "emulator");
        ComposeService connect = compose.service("connect");
        assertThat(connect.environment()).containsEntry("METRONOME_API_URL", "http://emulator:8089")
                .containsEntry("CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR", "1");
        assertThat(connect.dependsOn()).containsEntry("kafka", ComposeService.SERVICE_HEALTHY);
        assertThat(connect.ports()).containsExactly(new ComposeService.PortMapping(8083, 8083));
        assertThat(connect.hostPath("/opt/metronome-plugins")).contains(REPO.resolve("connector/target/plugin"));
        assertThat(connect.hostPath("/opt/metronome-plugins/x/lib")).contains(REPO.resolve("connector/target/plugin/x/lib"));
        assertThat(connect.hostPath("/usr/share/java")).isEmpty();
        assertThat(compose.service("emulator").healthcheck()).get()
                .satisfies(check -> assertThat(check.command()).startsWith("bash", "-c"));
    }

    @Test
    void variablesOfTheEnvironmentOfUpWin() {
        ComposeFile compose = ComposeFile.read(REPO.resolve("docker-compose.yml"),
                Map.of("METRONOME_API_URL", "https://api.metronome.com"));

        assertThat(compose.service("connect").environment()).containsEntry("METRONOME_API_URL", "https://api.metronome.com");
    }

    @Test
    void interpolationFollowsCompose() {
        Map<String, String> variables = Map.of("SET", "value", "EMPTY", "");
        assertThat(ComposeVariables.interpolate("${SET:-d}/${EMPTY:-d}/${UNSET:-d}", variables)).isEqualTo("value/d/d");
        assertThat(ComposeVariables.interpolate("${EMPTY-d}/${UNSET-d}", variables)).isEqualTo("/d");
        assertThat(ComposeVariables.interpolate("$SET-$$SET-${UNSET}", variables)).isEqualTo("value-$SET-");
        assertThatThrownBy(() -> ComposeVariables.interpolate("${UNSET:?needed}", variables))
                .hasMessageContaining("not supported");
    }

    @Test
    void healthcheckDurationsAndPatience() {
        assertThat(Healthcheck.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Healthcheck.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> Healthcheck.duration("5 s")).hasMessageContaining("Not a compose duration");
        Healthcheck check = new Healthcheck(java.util.List.of("true"), Duration.ofSeconds(5), Duration.ofSeconds(10), 3,
                Duration.ofSeconds(20));
        assertThat(check.patience()).isEqualTo(Duration.ofSeconds(20 + 3 * 15));
    }

    @Test
    void theHeaderCurlStepsNameTheConnectorFilesAndTheConnectPort() {
        ComposeFile compose = ComposeFile.read(REPO.resolve("docker-compose.yml"), Map.of());

        assertThat(HeaderCommands.posts(compose)).containsExactly(
                new HeaderCommands.Post(REPO.resolve("config/metronome-source.json"), java.net.URI.create("http://localhost:8083/connectors")),
                new HeaderCommands.Post(REPO.resolve("config/metronome-sink.json"), java.net.URI.create("http://localhost:8083/connectors")));
    }
}
