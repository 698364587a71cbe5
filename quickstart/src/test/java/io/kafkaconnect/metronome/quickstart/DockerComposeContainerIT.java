package io.kafkaconnect.metronome.quickstart;

import io.kafkaconnect.metronome.quickstart.compose.ComposeFile;
import io.kafkaconnect.metronome.quickstart.compose.ComposeRecordFlows;
import io.kafkaconnect.metronome.quickstart.compose.ComposeService;
import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * docker-compose.yml under Docker, wherever an engine runs (skipped otherwise, as here): the real images, Confluent's
 * Schema Registry and AvroConverter, the plugin mounted from connector/target/plugin. The same steps and checks as
 * {@link DockerComposeIT}, through the published ports as a user on the host sees them: the header's curl to
 * localhost:8083 creates the connectors from config/ unchanged, records are read from localhost:9092 and decoded
 * through the registry's API at localhost:8081.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerComposeContainerIT extends DockerComposeFlows {

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);

    private ComposeContainer compose;

    DockerComposeContainerIT() {
        super(Duration.ofSeconds(90));
    }

    @Override
    void up() throws Exception {
        File file = layout.repoDir().resolve("docker-compose.yml").toFile();
        ComposeFile services = ComposeFile.read(file.toPath(), Map.of());
        // `docker compose up --wait`: every service healthy. The emulator, whatever METRONOME_* the shell has.
        compose = new ComposeContainer(file).withEnv("METRONOME_API_URL", "http://emulator:8089")
                .withEnv("METRONOME_API_TOKEN", "dev-token").withStartupTimeout(UP_TIMEOUT);
        for (ComposeService service : services.services()) {
            compose.waitingFor(service.name(), Wait.forHealthcheck().withStartupTimeout(UP_TIMEOUT));
        }
        compose.start();

        createConnectors(services, new ComposeRecordFlows.HostView("localhost:9092", "http://localhost:8081",
                        "http://localhost:8089", "dev-token"), UnaryOperator.identity(), UnaryOperator.identity(),
                "see docker compose logs connect");
    }

    @Override
    void stopServices() {
        if (compose != null) {
            compose.stop();
        }
    }
}
