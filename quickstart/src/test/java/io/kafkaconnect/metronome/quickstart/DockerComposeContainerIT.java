package io.kafkaconnect.metronome.quickstart;

import io.kafkaconnect.metronome.quickstart.compose.ComposeFile;
import io.kafkaconnect.metronome.quickstart.compose.ComposeRecordFlows;
import io.kafkaconnect.metronome.quickstart.compose.ComposeService;
import io.kafkaconnect.metronome.quickstart.compose.HeaderCommands;
import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerComposeContainerIT {

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(90);

    private final Layout layout = Layout.detect().requireBuilt();
    private ComposeContainer compose;
    private ComposeRecordFlows flows;
    private Map<String, String> seededCustomers;

    @BeforeAll
    void upAndCreateTheConnectors() throws Exception {
        File file = layout.repoDir().resolve("docker-compose.yml").toFile();
        ComposeFile services = ComposeFile.read(file.toPath(), Map.of());
        // `docker compose up --wait`: every service healthy. The emulator, whatever METRONOME_* the shell has.
        compose = new ComposeContainer(file).withEnv("METRONOME_API_URL", "http://emulator:8089")
                .withEnv("METRONOME_API_TOKEN", "dev-token").withStartupTimeout(UP_TIMEOUT);
        for (ComposeService service : services.services()) {
            compose.waitingFor(service.name(), Wait.forHealthcheck().withStartupTimeout(UP_TIMEOUT));
        }
        compose.start();

        flows = new ComposeRecordFlows(new ComposeRecordFlows.HostView("localhost:9092", "http://localhost:8081",
                "http://localhost:8089", "dev-token"),
                ConnectorConfig.read(layout.configDir().resolve("metronome-source.json")),
                ConnectorConfig.read(layout.configDir().resolve("metronome-sink.json"))).startReading();
        seededCustomers = flows.seedEmulator();
        ComposeRecordFlows.createConnectors(HeaderCommands.posts(services), UnaryOperator.identity(),
                UnaryOperator.identity(), FLOW_TIMEOUT, "see docker compose logs connect");
    }

    @AfterAll
    void down() {
        if (flows != null) {
            flows.close();
        }
        if (compose != null) {
            compose.stop();
        }
    }

    @Test
    void theSourceCopiesTheEmulatorsCustomersIntoKafka() {
        flows.awaitCustomers(seededCustomers.values(), FLOW_TIMEOUT);
    }

    @Test
    void theSinkAppliesCommandsAndWritesOneResultEach() throws Exception {
        flows.commandsAreAppliedWithOneResultEach(FLOW_TIMEOUT);
    }
}
