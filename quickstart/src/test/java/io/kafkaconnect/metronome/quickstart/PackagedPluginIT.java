package io.kafkaconnect.metronome.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.emulator.CustomerSnapshot;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.quickstart.process.ConnectWorker;
import io.kafkaconnect.metronome.quickstart.process.KafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plugin zip as a user deploys it: a Connect worker (its own process) whose plugin.path holds nothing but
 * the unpacked zip, with service-loader discovery only, lists and runs both connectors against the emulator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackagedPluginIT {

    private static final String SOURCE_CLASS = "io.kafkaconnect.metronome.source.MetronomeSourceConnector";
    private static final String SINK_CLASS = "io.kafkaconnect.metronome.sink.MetronomeSinkConnector";
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Layout layout = Layout.detect().requireBuilt();
    private final List<AutoCloseable> started = new ArrayList<>();
    private MetronomeEmulator emulator;
    private KafkaBroker broker;
    private ConnectWorker worker;

    @BeforeAll
    void start() throws Exception {
        Path dir = layout.buildDir().resolve("packaged-plugin-it");
        deleteTree(dir);
        Path log4j = dir.resolve("log4j2.properties");
        Files.createDirectories(dir);
        try (InputStream in = getClass().getResourceAsStream("/quickstart-children-log4j2.properties")) {
            Files.copy(in, log4j);
        }
        emulator = new MetronomeEmulator(0, "it-token").start();
        started.add(emulator);
        broker = KafkaBroker.start(dir.resolve("kafka"), layout.childClasspath(), log4j, TIMEOUT);
        started.add(broker);
        worker = ConnectWorker.start(dir.resolve("connect"), layout.childClasspath(), log4j, broker.bootstrapServers(),
                layout.pluginPath(), Map.of(),
                Map.of("METRONOME_API_URL", emulator.baseUrl(), "METRONOME_API_TOKEN", emulator.token()), TIMEOUT);
        started.add(worker);
    }

    @AfterAll
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void pluginPathHoldsOnlyTheUnpackedZip() throws IOException {
        try (Stream<Path> entries = Files.list(layout.pluginPath())) {
            List<Path> plugins = entries.toList();
            assertThat(plugins).hasSize(1);
            assertThat(plugins.get(0).resolve("manifest.json")).isRegularFile();
        }
    }

    @Test
    void bothConnectorsAreDiscoveredByServiceLoading() throws Exception {
        assertThat(worker.rest().connectorPlugins()).contains(SOURCE_CLASS, SINK_CLASS);
    }

    @Test
    void sourceConnectorRunsAndCopiesCustomers() throws Exception {
        String id = emulator.bulkCreateCustomers(1, "Packaged source ", "packaged-source-").get(0);
        create("packaged-source", Map.of(
                "connector.class", SOURCE_CLASS,
                "metronome.api.url", "${env:METRONOME_API_URL}",
                "metronome.api.token", "${env:METRONOME_API_TOKEN}",
                "streams", "customers",
                "topic.prefix", "packaged",
                "key.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter"));

        try (TopicReader customers = new TopicReader(broker.bootstrapServers(), "packaged.customers")) {
            await().atMost(TIMEOUT).until(() -> customers.poll().stream()
                    .anyMatch(record -> record.value() != null && record.value().contains(id)));
        }
    }

    @Test
    void sinkConnectorRunsAndAppliesCommands() throws Exception {
        broker.createTopics(List.of("packaged.commands", "packaged.results"));
        create("packaged-sink", Map.of(
                "connector.class", SINK_CLASS,
                "topics", "packaged.commands",
                "metronome.api.url", "${env:METRONOME_API_URL}",
                "metronome.api.token", "${env:METRONOME_API_TOKEN}",
                "results.topic", "packaged.results",
                "results.bootstrap.servers", broker.bootstrapServers(),
                "results.converter.schemas.enable", "false",
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false"));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("packaged.commands", "packaged-sink-1",
                    "{\"command_id\":\"packaged-1\",\"action\":\"CREATE\",\"ingest_alias\":\"packaged-sink-1\","
                            + "\"name\":\"Packaged sink\"}")).get();
        }

        await().atMost(TIMEOUT).until(() -> emulator.customers().stream()
                .anyMatch(customer -> customer.ingestAliases().contains("packaged-sink-1")));
        CustomerSnapshot created = emulator.customers().stream()
                .filter(customer -> customer.ingestAliases().contains("packaged-sink-1")).findFirst().orElseThrow();
        assertThat(created.name()).isEqualTo("Packaged sink");
        try (TopicReader results = new TopicReader(broker.bootstrapServers(), "packaged.results")) {
            await().atMost(TIMEOUT).until(() -> !results.poll().isEmpty());
            JsonNode result = JSON.readTree(results.poll().get(0).value());
            assertThat(result.path("command_id").asText()).isEqualTo("packaged-1");
            assertThat(result.path("status").asText()).isEqualTo("APPLIED");
            assertThat(result.path("customer_id").asText()).isEqualTo(created.id());
        }
    }

    @Test
    void zipHasTheConfluentHubLayoutAndNoWorkerJars() throws IOException {
        Path zip;
        try (Stream<Path> files = Files.list(layout.repoDir().resolve("connector/target"))) {
            zip = files.filter(file -> file.getFileName().toString().matches("kafka-connect-metronome-.*\\.zip"))
                    .findFirst().orElseThrow();
        }
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            List<String> names = archive.stream().map(ZipEntry::getName).toList();
            String top = names.get(0).substring(0, names.get(0).indexOf('/') + 1);
            assertThat(names).allMatch(name -> name.startsWith(top));
            assertThat(names).contains(top + "manifest.json", top + "doc/README.md", top + "doc/configuration.md",
                    top + "etc/metronome-source.json", top + "etc/metronome-sink.json",
                    top + "etc/metronome-source.properties", top + "etc/metronome-sink.properties");
            assertThat(names).anyMatch(name -> name.matches(".*/lib/httpclient5-.*\\.jar"));
            assertThat(names).noneMatch(name -> name.matches(".*/lib/(kafka-clients|connect-api|connect-runtime|slf4j-api)-.*"));

            JsonNode manifest = JSON.readTree(archive.getInputStream(archive.getEntry(top + "manifest.json")));
            assertThat(manifest.path("name").asText()).isEqualTo("kafka-connect-metronome");
            assertThat(manifest.path("version").asText()).doesNotContain("${");
            assertThat(manifest.path("component_types")).extracting(JsonNode::asText).containsExactly("source", "sink");

            String pluginJar = names.stream().filter(name -> name.matches(".*/lib/kafka-connect-metronome-.*\\.jar"))
                    .findFirst().orElseThrow();
            Map<String, String> services = servicesOf(archive.getInputStream(archive.getEntry(pluginJar)));
            assertThat(services.get("META-INF/services/org.apache.kafka.connect.source.SourceConnector")).contains(SOURCE_CLASS);
            assertThat(services.get("META-INF/services/org.apache.kafka.connect.sink.SinkConnector")).contains(SINK_CLASS);
        }
    }

    /** Creates the connector (retrying while the worker is still joining its group) and waits until it runs. */
    private void create(String name, Map<String, String> config) {
        await().atMost(TIMEOUT).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
            worker.rest().putConnector(name, config);
            return true;
        });
        await().atMost(TIMEOUT).ignoreExceptionsInstanceOf(IOException.class).until(() -> worker.rest().isRunning(name));
    }

    private static Map<String, String> servicesOf(InputStream jar) throws IOException {
        Map<String, String> services = new java.util.HashMap<>();
        try (ZipInputStream in = new ZipInputStream(jar)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().startsWith("META-INF/services/")) {
                    services.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return services;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(dir)) {
            for (Path path : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
