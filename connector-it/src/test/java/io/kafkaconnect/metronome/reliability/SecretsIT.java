package io.kafkaconnect.metronome.reliability;

import static io.kafkaconnect.metronome.client.MetronomeRequests.retrieveCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.MetronomeException;
import io.kafkaconnect.metronome.client.MetronomeRequests.CustomerQuery;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.sink.MetronomeSinkConnector;
import io.kafkaconnect.metronome.source.MetronomeSourceConnector;
import io.kafkaconnect.metronome.testkit.ConnectClusterExtension;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import io.kafkaconnect.metronome.testkit.TestConnectorConfigs;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API token, given through a {@link FileConfigProvider} as Connect recommends, appears nowhere a user or an
 * operator can read: not in the test log (every logger of the worker and the connectors), not in the REST API's
 * configs, task configs, statuses and failure traces, not in validation messages, and not in client exceptions,
 * both while the connectors work and after the token is rotated away and every call is refused with 401.
 */
class SecretsIT {

    private static final String TOKEN = "mtk_live_SECRET_6d1f0c93be7a4e21";
    private static final String ROTATED_AWAY = "mtk_live_REVOKED_41aa7be0c2d95f38";
    private static final String PLACEHOLDER = "${file:%s:metronome.token}";
    private static final Path TEST_LOG = Path.of("target", "test-logs", "tests.log");
    private static final String SOURCE = "secrets-source";
    private static final String SINK = "secrets-sink";

    @TempDir
    static Path secrets;

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension(TOKEN);
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(
            ConnectTestClusters.builder().name("secrets-it")
                    .workerProp("config.providers", "file")
                    .workerProp("config.providers.file.class", FileConfigProvider.class.getName()));

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final EmbeddedConnectCluster cluster = CONNECT.cluster();
    private Path tokenFile;

    @BeforeEach
    void writeTokenFileAndSeed() throws IOException {
        tokenFile = secrets.resolve("metronome.properties");
        Files.writeString(tokenFile, "metronome.token=" + TOKEN + "\n");
        emulator.bulkCreateCustomers(5, "customer ", "alias-");
        cluster.kafka().createTopic("secrets.commands", 1);
        cluster.kafka().createTopic("secrets.results", 1);
    }

    @Test
    void theTokenAppearsInNoLogRestOutputTraceOrException() throws IOException {
        List<String> exposed = new ArrayList<>();
        String placeholder = String.format(PLACEHOLDER, tokenFile);

        ConfigInfos validated = cluster.validateConnectorConfig(MetronomeSourceConnector.class.getName(),
                sourceConfig(placeholder));
        assertThat(validated.errorCount()).as("validation with the placeholder: %s", validated).isZero();
        cluster.configureConnector(SOURCE, sourceConfig(placeholder));
        cluster.configureConnector(SINK, sinkConfig(placeholder));
        ConnectTestClusters.awaitRunning(cluster, SOURCE, 1);
        ConnectTestClusters.awaitRunning(cluster, SINK, 1);
        assertThat(ConnectTestClusters.readRecords(cluster, "secrets.customers", 5)).hasSize(5);
        produceCreate("secret-cmd-1", "secret-alias-1");
        assertThat(ConnectTestClusters.readRecords(cluster, "secrets.results", 1)).hasSize(1);
        await().atMost(ConnectTestClusters.DEFAULT_TIMEOUT).until(() -> emulator.customers().size() == 6);

        String sourceConfig = rest("connectors/" + SOURCE + "/config");
        assertThat(sourceConfig).as("REST config shows the placeholder").contains(placeholder.replace("\\", "\\\\"));
        exposed.add(sourceConfig);
        exposed.add(rest("connectors/" + SINK + "/config"));
        exposed.add(rest("connectors/" + SOURCE + "/tasks"));
        exposed.add(rest("connectors/" + SINK + "/tasks"));
        exposed.add(rest("connectors?expand=info&expand=status"));

        // the token is rotated away: validation, both tasks and any client now meet 401
        Files.writeString(tokenFile, "metronome.token=" + ROTATED_AWAY + "\n");
        exposed.add(cluster.validateConnectorConfig(MetronomeSourceConnector.class.getName(),
                sourceConfig(placeholder)).toString());
        exposed.add(cluster.validateConnectorConfig(MetronomeSinkConnector.class.getName(),
                sinkConfig(placeholder)).toString());
        cluster.restartConnectorAndTasks(SOURCE, false, true, false);
        cluster.restartConnectorAndTasks(SINK, false, true, false);
        produceCreate("secret-cmd-2", "secret-alias-2");
        ConnectorStateInfo.TaskState sourceTask = awaitFailedTask(SOURCE);
        ConnectorStateInfo.TaskState sinkTask = awaitFailedTask(SINK);
        assertThat(sourceTask.trace()).contains("401", "metronome.api.token");
        assertThat(sinkTask.trace()).contains("401", "metronome.api.token");
        exposed.add(sourceTask.trace());
        exposed.add(sinkTask.trace());
        exposed.add(rest("connectors/" + SOURCE + "/status"));
        exposed.add(rest("connectors/" + SINK + "/status"));
        exposed.add(rest("connectors?expand=info&expand=status"));
        exposed.addAll(clientExceptions());

        String log = Files.readString(TEST_LOG, StandardCharsets.UTF_8);
        assertThat(log).as("the test log holds this test's connectors").contains(SOURCE, SINK);
        exposed.add(log);
        for (String text : exposed) {
            assertThat(text).doesNotContain(TOKEN).doesNotContain(ROTATED_AWAY);
        }
    }

    /** What the client says about a refused and an accepted token, stack traces included. */
    private List<String> clientExceptions() {
        List<String> texts = new ArrayList<>();
        for (String token : List.of(TOKEN, ROTATED_AWAY)) {
            MetronomeClientSettings settings = MetronomeClientSettings.of(emulator.baseUrl(), token);
            texts.add(settings.toString());
            try (MetronomeClient client = new MetronomeClient(settings)) {
                client.listCustomers(new CustomerQuery(null, null, null, null, 1, null));
                client.execute(retrieveCustomer("no-such-customer"));
            } catch (MetronomeException e) {
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                texts.add(e.toString());
                texts.add(trace.toString());
            }
        }
        assertThat(texts).as("both calls failed: 401 for the old token, 404 for the unknown customer").hasSize(6);
        return texts;
    }

    private ConnectorStateInfo.TaskState awaitFailedTask(String connector) {
        return await(connector + " task FAILED").atMost(ConnectTestClusters.DEFAULT_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.connectorStatus(connector).tasks(),
                        tasks -> tasks.size() == 1 && "FAILED".equals(tasks.get(0).state()))
                .get(0);
    }

    private String rest(String resource) {
        Response response = cluster.requestGet(cluster.endpointForResource(resource));
        assertThat(response.getStatus()).as("GET " + resource).isEqualTo(200);
        return String.valueOf(response.getEntity()); // the test kit's responses carry the body as a String
    }

    private void produceCreate(String commandId, String alias) {
        try (KafkaProducer<byte[], byte[]> producer = cluster.kafka().createProducer(Map.of())) {
            String json = "{\"command_id\":\"" + commandId + "\",\"action\":\"CREATE\",\"ingest_alias\":\"" + alias
                    + "\",\"name\":\"Secret customer\"}";
            producer.send(new ProducerRecord<>("secrets.commands", alias.getBytes(StandardCharsets.UTF_8),
                    json.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private Map<String, String> sourceConfig(String token) {
        Map<String, String> config = TestConnectorConfigs.source(emulator, "customers", "secrets");
        config.put("name", SOURCE);
        config.put("metronome.api.token", token);
        return config;
    }

    private Map<String, String> sinkConfig(String token) {
        Map<String, String> config = TestConnectorConfigs.sink(emulator, cluster, "secrets.commands", "secrets.results");
        config.put("name", SINK);
        config.put("metronome.api.token", token);
        return config;
    }
}
