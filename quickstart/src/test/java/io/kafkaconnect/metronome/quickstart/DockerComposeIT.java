package io.kafkaconnect.metronome.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.quickstart.compose.ComposeFile;
import io.kafkaconnect.metronome.quickstart.compose.ComposeNetwork;
import io.kafkaconnect.metronome.quickstart.compose.ComposeRecordFlows;
import io.kafkaconnect.metronome.quickstart.compose.ComposeTopology;
import io.kafkaconnect.metronome.quickstart.compose.ConfluentAvroSubstitution;
import io.kafkaconnect.metronome.quickstart.compose.EmulationResources;
import io.kafkaconnect.metronome.quickstart.demo.DemoCommands;
import io.kafkaconnect.metronome.quickstart.process.ConnectRestClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docker-compose.yml run without Docker, as its header says to use it: the services started as processes (each on
 * a loopback address of its own, resolving names as its container would; see {@link ComposeNetwork}) with the
 * configuration each image builds from its environment and the jars of the image's Kafka line, in depends_on order
 * and healthy; then the header's curl commands create the connectors from config/, and records flow both ways.
 * A config address a container cannot reach, or a plugin that does not run on the connect image's Connect line,
 * fails here as it would under Docker.
 *
 * <p>Stand-ins, where no image can run: Apicurio Registry for Confluent's Schema Registry, and so Apicurio's
 * AvroConverter in Confluent wire format for Confluent's ({@link ConfluentAvroSubstitution}). This JVM plays the
 * host: its own failsafe execution resolves names through the hosts file written first thing here (service names,
 * localhost at 127.0.0.1). It reaches Kafka on the INTERNAL listener (the EXTERNAL one advertises the host's
 * published localhost:9092, which the emulation does not publish) and the other services at the ports they publish.
 */
@Tag("compose-emulation")
@EnabledIfSystemProperty(named = "jdk.net.hosts.file", matches = ".+",
        disabledReason = "runs in quickstart's docker-compose-it failsafe execution, whose JVM resolves names through a hosts file")
class DockerComposeIT extends DockerComposeFlows {

    private static final Duration UP_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration FLOW_TIMEOUT = Duration.ofSeconds(60);

    private ComposeNetwork network;
    private ComposeTopology topology;
    private String kafkaBootstrapServers;

    DockerComposeIT() {
        super(FLOW_TIMEOUT);
    }

    @Override
    void up() throws Exception {
        Path workDir = layout.buildDir().resolve("compose-it");
        TestFiles.deleteTree(workDir.resolve("services"));
        // As `docker-compose up` with none of the file's variables set: the emulator, not a real Metronome.
        ComposeFile compose = ComposeFile.read(layout.repoDir().resolve("docker-compose.yml"), Map.of());
        network = ComposeNetwork.of(compose);
        network.writeHostHostsFile(Path.of(System.getProperty("jdk.net.hosts.file")));
        assertThat(InetAddress.getByName("kafka").getHostAddress())
                .as("this JVM resolves service names through %s (no lookup may happen before it is written)",
                        System.getProperty("jdk.net.hosts.file"))
                .isEqualTo(network.address("kafka"));

        topology = ComposeTopology.up(compose, network, EmulationResources.fromBuild(layout, workDir),
                workDir.resolve("services"), UP_TIMEOUT);

        kafkaBootstrapServers = "kafka:" + internalListenerPort(compose);
        URI registry = network.fromHost(URI.create("http://localhost:8081"));
        String emulator = network.fromHost(URI.create("http://localhost:8089")).toString();
        String token = compose.service("connect").variable("METRONOME_API_TOKEN");
        createConnectors(compose, new ComposeRecordFlows.HostView(kafkaBootstrapServers,
                        registry + topology.service("schema-registry").rootPath(), emulator, token),
                network::fromHost, ConfluentAvroSubstitution::apply,
                "see " + topology.service("connect").process().log());
    }

    @Override
    void stopServices() {
        if (topology != null) {
            topology.close();
        }
    }

    /**
     * What docker-compose.yml once did: results.bootstrap.servers on the broker's EXTERNAL listener (kafka:9092, which
     * advertises localhost:9092 for the host), or on localhost:9092 itself. Either leads the sink's results producer
     * to the connect container itself, where no broker listens: the command is applied, but no result is written.
     */
    @ParameterizedTest(name = "results.bootstrap.servers={0}")
    @ValueSource(strings = {"kafka:9092", "localhost:9092"})
    void aSinkWhoseResultsAddressLeadsBackToTheConnectContainerWritesNoResult(String resultsBootstrapServers)
            throws Exception {
        String name = "metronome-sink-results-at-" + resultsBootstrapServers.replace(':', '-');
        ConnectorConfig sink = ConnectorConfig.read(layout.configDir().resolve("metronome-sink.json")).with(Map.of(
                "topics", name + ".commands",
                "results.topic", name + ".results",
                "results.bootstrap.servers", resultsBootstrapServers,
                "errors.deadletterqueue.topic.name", name + ".dlq"));
        ConnectRestClient connect = new ConnectRestClient(network.fromHost(URI.create("http://localhost:8083")).toString());
        connect.createConnector(name, ConfluentAvroSubstitution.apply(sink.config()));
        await(name + " RUNNING").atMost(FLOW_TIMEOUT).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> connect.isRunning(name));

        flows().publish(name + ".commands", List.of(DemoCommands.create(name + "-1", name, "Nobody reads this")));
        flows().awaitCustomerWithAlias(name, FLOW_TIMEOUT);

        Path workerLog = topology.service("connect").process().log();
        String unreachable = "(localhost/" + network.address("connect") + ":9092) could not be established";
        await("the results producer of " + name + " logging " + unreachable).atMost(FLOW_TIMEOUT)
                .until(() -> Files.readAllLines(workerLog).stream().anyMatch(line ->
                        line.contains("clientId=metronome-sink-results-" + name) && line.contains(unreachable)));
        try (TopicReader results = new TopicReader(kafkaBootstrapServers, name + ".results")) {
            await("no result on " + name + ".results").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15))
                    .until(() -> results.poll().isEmpty());
        }
    }

    /** The port of the broker's listener that containers use: the one the Connect worker bootstraps from. */
    private static String internalListenerPort(ComposeFile compose) {
        String bootstrap = compose.service("connect").variable("CONNECT_BOOTSTRAP_SERVERS");
        assertThat(bootstrap).as("CONNECT_BOOTSTRAP_SERVERS").startsWith("kafka:");
        return bootstrap.substring("kafka:".length());
    }
}
