package io.kafkaconnect.metronome.quickstart;

import io.kafkaconnect.metronome.quickstart.compose.ComposeFile;
import io.kafkaconnect.metronome.quickstart.compose.ComposeRecordFlows;
import io.kafkaconnect.metronome.quickstart.compose.HeaderCommands;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every run of docker-compose.yml must show, with or without Docker: once its services are up, the header's
 * curl commands create the connectors from config/, the source copies the emulator's customers into Kafka and the
 * sink applies commands with one result each. A subclass starts and stops the services its way and says how the
 * host reaches them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DockerComposeFlows {

    protected final Layout layout = Layout.detect().requireBuilt();
    private final Duration flowTimeout;
    private ComposeRecordFlows flows;
    private Map<String, String> seededCustomers;

    DockerComposeFlows(Duration flowTimeout) {
        this.flowTimeout = flowTimeout;
    }

    /** Starts every service of docker-compose.yml, healthy, then calls {@link #createConnectors}. */
    abstract void up() throws Exception;

    /** Stops what {@link #up()} started. */
    abstract void stopServices();

    /**
     * Reads the customers and results topics, seeds the emulator and runs the header's curl commands, each URL
     * through {@code fromHost} and each config through {@code substitute}.
     */
    final void createConnectors(ComposeFile compose, ComposeRecordFlows.HostView host, UnaryOperator<URI> fromHost,
                                UnaryOperator<Map<String, String>> substitute, String whereToLook)
            throws IOException, InterruptedException {
        flows = new ComposeRecordFlows(host, ConnectorConfig.read(layout.configDir().resolve("metronome-source.json")),
                ConnectorConfig.read(layout.configDir().resolve("metronome-sink.json"))).startReading();
        seededCustomers = flows.seedEmulator();
        ComposeRecordFlows.createConnectors(HeaderCommands.posts(compose), fromHost, substitute, flowTimeout,
                whereToLook);
    }

    final ComposeRecordFlows flows() {
        return flows;
    }

    @BeforeAll
    final void upAndCreateTheConnectors() throws Exception {
        up();
    }

    @AfterAll
    final void down() {
        try {
            if (flows != null) {
                flows.close();
            }
        } finally {
            stopServices();
        }
    }

    @Test
    void theSourceCopiesTheEmulatorsCustomersIntoKafka() {
        flows.awaitCustomers(seededCustomers.values(), flowTimeout);
    }

    @Test
    void theSinkAppliesCommandsAndWritesOneResultEach() throws Exception {
        flows.commandsAreAppliedWithOneResultEach(flowTimeout);
    }
}
