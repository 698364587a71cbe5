package io.kafkaconnect.metronome.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.emulator.CustomerSnapshot;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.quickstart.process.ConnectRestClient;
import io.kafkaconnect.metronome.quickstart.process.ConnectWorker;
import io.kafkaconnect.metronome.quickstart.process.KafkaBroker;
import io.kafkaconnect.metronome.quickstart.process.WorkerSetup;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged plugin on every supported Kafka Connect line, as users deploy it: for each line a distributed worker
 * of that line (its own process, the jars compat/connect-&lt;line&gt; copied) whose plugin.path holds only the unpacked
 * zip. On each: both connectors report the build's version, validate and start through REST, the source delivers
 * customers, the sink applies a CREATE and writes its result, and the usage sink ingests events and dead-letters a
 * bad one. One broker (the newest line) serves all workers;
 * each line has its own Connect group and storage topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompatibilityMatrixIT {

    private static final String SOURCE_CLASS = "io.kafkaconnect.metronome.source.MetronomeSourceConnector";
    private static final String SINK_CLASS = "io.kafkaconnect.metronome.sink.MetronomeSinkConnector";
    private static final String USAGE_SINK_CLASS = "io.kafkaconnect.metronome.usage.MetronomeUsageSinkConnector";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Layout layout = Layout.detect().requireBuilt();
    private final String expectedVersion = System.getProperty("project.version");
    private final List<AutoCloseable> started = new ArrayList<>();
    private Path workDir;
    private Path log4j;
    private MetronomeEmulator emulator;
    private KafkaBroker broker;

    /** The lines from the build (the parent pom's compat.lines), e.g. 3.6.2. */
    static Stream<String> lines() {
        String lines = System.getProperty("compat.lines");
        assertThat(lines).as("system property compat.lines (set by quickstart/pom.xml)").isNotBlank();
        return Arrays.stream(lines.split(",")).map(String::trim);
    }

    @BeforeAll
    void start() throws Exception {
        assertThat(expectedVersion).as("system property project.version").isNotBlank();
        workDir = layout.buildDir().resolve("compatibility-matrix-it");
        TestFiles.deleteTree(workDir);
        Files.createDirectories(workDir);
        log4j = workDir.resolve("log4j2.properties");
        try (InputStream in = getClass().getResourceAsStream("/quickstart-children-log4j2.properties")) {
            Files.copy(in, log4j);
        }
        emulator = new MetronomeEmulator(0, "it-token").start();
        started.add(emulator);
        broker = KafkaBroker.start(workDir.resolve("kafka"), layout.childClasspath(), log4j, TIMEOUT);
        started.add(broker);
    }

    @AfterAll
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @ParameterizedTest(name = "Kafka Connect {0}")
    @MethodSource("lines")
    void packagedPluginRunsOn(String line) {
        try {
            runOn(line);
        } catch (Exception e) {
            // Assertions name the line themselves; an error from REST or a process would only say "[1]".
            throw new AssertionError("Kafka Connect " + line + ": " + e, e);
        }
    }

    private void runOn(String line) throws Exception {
        String topics = "compat-" + line.replace('.', '-');
        WorkerSetup setup = WorkerSetup.of(workDir.resolve("connect-" + line), workerClasspath(line), log4j,
                broker.bootstrapServers(), layout.pluginPath()).withSettings(Map.of(
                        "group.id", topics,
                        "config.storage.topic", topics + "-configs",
                        "offset.storage.topic", topics + "-offsets",
                        "status.storage.topic", topics + "-status"));
        try (ConnectWorker worker = ConnectWorker.start(setup, TIMEOUT)) {
            ConnectRestClient rest = worker.rest();

            assertThat(rest.connectorPluginVersions())
                    .as("Connect %s: /connector-plugins versions", line)
                    .containsEntry(SOURCE_CLASS, expectedVersion)
                    .containsEntry(SINK_CLASS, expectedVersion)
                    .containsEntry(USAGE_SINK_CLASS, expectedVersion);

            sourceDeliversCustomers(line, rest, topics);
            sinkAppliesACreateAndWritesItsResult(line, rest, topics);
            usageSinkIngestsEventsAndDeadLettersABadOne(line, rest, topics);
        }
    }

    private void sourceDeliversCustomers(String line, ConnectRestClient rest, String topics) throws Exception {
        String id = emulator.bulkCreateCustomers(1, "Compat " + line + " ", topics + "-source-").get(0);
        Map<String, String> config = Map.of(
                "name", topics + "-source",
                "connector.class", SOURCE_CLASS,
                "metronome.api.url", emulator.baseUrl(),
                "metronome.api.token", emulator.token(),
                "streams", "customers",
                "topic.prefix", topics,
                "key.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter");
        assertValid(line, rest, SOURCE_CLASS, config);
        create(line, rest, topics + "-source", config);

        try (TopicReader customers = new TopicReader(broker.bootstrapServers(), topics + ".customers")) {
            await("Connect " + line + ": customer " + id + " on " + topics + ".customers").atMost(TIMEOUT)
                    .until(() -> customers.poll().stream()
                            .anyMatch(record -> record.value() != null && record.value().contains(id)));
        }
    }

    private void sinkAppliesACreateAndWritesItsResult(String line, ConnectRestClient rest, String topics)
            throws Exception {
        String commands = topics + ".commands";
        String results = topics + ".results";
        String alias = topics + "-sink";
        broker.createTopics(List.of(commands, results));
        Map<String, String> config = Map.ofEntries(
                Map.entry("name", topics + "-sink"),
                Map.entry("connector.class", SINK_CLASS),
                Map.entry("topics", commands),
                Map.entry("metronome.api.url", emulator.baseUrl()),
                Map.entry("metronome.api.token", emulator.token()),
                Map.entry("results.topic", results),
                Map.entry("results.bootstrap.servers", broker.bootstrapServers()),
                Map.entry("results.converter.schemas.enable", "false"),
                Map.entry("key.converter", "org.apache.kafka.connect.storage.StringConverter"),
                Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("value.converter.schemas.enable", "false"));
        assertValid(line, rest, SINK_CLASS, config);
        create(line, rest, topics + "-sink", config);

        produce(commands, alias, List.of("{\"command_id\":\"" + alias + "-1\",\"action\":\"CREATE\","
                + "\"ingest_alias\":\"" + alias + "\",\"name\":\"Compat " + line + "\"}"));

        await("Connect " + line + ": the CREATE applied in Metronome").atMost(TIMEOUT)
                .until(() -> emulator.customers().stream().anyMatch(c -> c.ingestAliases().contains(alias)));
        CustomerSnapshot created = emulator.customers().stream()
                .filter(c -> c.ingestAliases().contains(alias)).findFirst().orElseThrow();
        assertThat(created.name()).as("Connect %s: created customer's name", line).isEqualTo("Compat " + line);
        JsonNode result = JSON.readTree(awaitValues(line, results).get(0));
        assertThat(result.path("command_id").asText()).as("Connect %s: result command_id", line).isEqualTo(alias + "-1");
        assertThat(result.path("status").asText()).as("Connect %s: result status", line).isEqualTo("APPLIED");
        assertThat(result.path("customer_id").asText()).as("Connect %s: result customer_id", line)
                .isEqualTo(created.id());
    }

    /**
     * The usage sink on this line: good events (one with its own transaction_id, two with ids derived from their
     * position) reach Metronome once each for the customer the command sink created; a bad one goes to the
     * dead-letter queue through this line's ErrantRecordReporter.
     */
    private void usageSinkIngestsEventsAndDeadLettersABadOne(String line, ConnectRestClient rest, String topics)
            throws Exception {
        String usage = topics + ".usage";
        String deadLetters = topics + ".usage-dlq";
        String alias = topics + "-sink";
        broker.createTopics(List.of(usage, deadLetters));
        Map<String, String> config = Map.ofEntries(
                Map.entry("name", topics + "-usage"),
                Map.entry("connector.class", USAGE_SINK_CLASS),
                Map.entry("topics", usage),
                Map.entry("metronome.api.url", emulator.baseUrl()),
                Map.entry("metronome.api.token", emulator.token()),
                Map.entry("errors.tolerance", "all"),
                Map.entry("errors.deadletterqueue.topic.name", deadLetters),
                Map.entry("errors.deadletterqueue.topic.replication.factor", "1"),
                Map.entry("errors.deadletterqueue.context.headers.enable", "true"),
                Map.entry("key.converter", "org.apache.kafka.connect.storage.StringConverter"),
                Map.entry("value.converter", "org.apache.kafka.connect.storage.StringConverter"));
        assertValid(line, rest, USAGE_SINK_CLASS, config);
        create(line, rest, topics + "-usage", config);

        String now = java.time.Instant.now().minusSeconds(60).toString();
        List<String> events = List.of(
                "{\"transaction_id\":\"" + topics + "-usage-1\",\"customer_id\":\"" + alias
                        + "\",\"event_type\":\"compat\",\"timestamp\":\"" + now + "\"}",
                "{\"customer_id\":\"" + alias + "\",\"event_type\":\"compat\",\"timestamp\":\"" + now + "\"}",
                "{\"event_type\":\"compat\",\"timestamp\":\"" + now + "\"}",
                "{\"customer_id\":\"" + alias + "\",\"event_type\":\"compat\",\"timestamp\":\"" + now
                        + "\",\"properties\":{\"n\":1}}");
        produce(usage, alias, events);

        await("Connect " + line + ": 3 usage events ingested for " + alias).atMost(TIMEOUT)
                .until(() -> emulator.usageCounts(alias).customers().values().stream().mapToLong(Long::longValue)
                        .sum() == 3);
        assertThat(awaitValues(line, deadLetters)).as("Connect %s: dead letters", line).containsExactly(events.get(2));
        assertThat(emulator.usageCounts(alias).customers().values().stream().mapToLong(Long::longValue).sum())
                .as("Connect %s: usage events held for %s", line, alias).isEqualTo(3);
    }

    /** Writes the values, in order, with one key. */
    private void produce(String topic, String key, List<String> values) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, key, value)).get();
            }
        }
    }

    /** Reads the topic from the beginning until something arrived; returns the values read by then. */
    private List<String> awaitValues(String line, String topic) {
        try (TopicReader reader = new TopicReader(broker.bootstrapServers(), topic)) {
            List<String> values = new ArrayList<>();
            await("Connect " + line + ": a record on " + topic).atMost(TIMEOUT).until(() -> {
                reader.poll().forEach(record -> values.add(record.value()));
                return !values.isEmpty();
            });
            return values;
        }
    }

    /** Validation through REST: no error on any setting (a NoSuchMethodError there answers HTTP 500). */
    private static void assertValid(String line, ConnectRestClient rest, String connectorClass,
            Map<String, String> config) throws IOException, InterruptedException {
        JsonNode validation = rest.validate(connectorClass, config);
        List<String> errors = new ArrayList<>();
        for (JsonNode setting : validation.path("configs")) {
            setting.path("value").path("errors").forEach(error ->
                    errors.add(setting.path("value").path("name").asText() + ": " + error.asText()));
        }
        assertThat(errors).as("Connect %s: validation errors of %s", line, connectorClass).isEmpty();
        assertThat(validation.path("error_count").asInt()).as("Connect %s: error_count", line).isZero();
    }

    /** Creates the connector (retrying while the worker is still joining its group) and waits until it runs. */
    private static void create(String line, ConnectRestClient rest, String name, Map<String, String> config) {
        await("Connect " + line + ": create " + name).atMost(TIMEOUT).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    rest.putConnector(name, config);
                    return true;
                });
        await("Connect " + line + ": " + name + " RUNNING").atMost(TIMEOUT)
                .ignoreExceptionsInstanceOf(IOException.class).until(() -> rest.isRunning(name));
    }

    /** compat/connect-3.6/target/lib/* for line 3.6.2. */
    private String workerClasspath(String line) {
        String majorMinor = line.substring(0, line.lastIndexOf('.'));
        Path lib = layout.repoDir().resolve("compat/connect-" + majorMinor + "/target/lib");
        assertThat(lib).as("Connect %s worker jars (build compat/ first: mvn -B -DskipTests package)", line)
                .isDirectory();
        return lib + "/*";
    }
}
