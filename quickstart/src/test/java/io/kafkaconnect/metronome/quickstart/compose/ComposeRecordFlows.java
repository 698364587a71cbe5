package io.kafkaconnect.metronome.quickstart.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.quickstart.ConnectorConfig;
import io.kafkaconnect.metronome.quickstart.demo.DemoCommands;
import io.kafkaconnect.metronome.quickstart.demo.EmulatorSeeder;
import io.kafkaconnect.metronome.quickstart.process.ConnectRestClient;
import io.kafkaconnect.metronome.quickstart.records.CompatSchemaRegistry;
import io.kafkaconnect.metronome.quickstart.records.ConfluentAvroCodec;
import io.kafkaconnect.metronome.quickstart.records.TopicTail;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.avro.generic.GenericRecord;

/**
 * What the docker-compose ITs check, from the host, once the services are up: the header's {@code curl} steps
 * create both connectors from config/, the source copies the emulator's customers into Kafka, and commands written
 * to the sink's topic (Avro, as the quickstart encodes them) are applied in the emulator with one result each on the
 * results topic. Records are decoded through the registry's Confluent API, as the quickstart decodes them.
 */
public final class ComposeRecordFlows implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where the host reaches the services.
     *
     * @param schemaRegistryApi the Confluent Schema Registry API (Confluent's root; Apicurio's {@code /apis/ccompat/v7})
     */
    public record HostView(String kafkaBootstrapServers, String schemaRegistryApi, String emulatorUrl, String emulatorToken) {
    }

    private final HostView host;
    private final ConnectorConfig source;
    private final ConnectorConfig sink;
    private final CompatSchemaRegistry registry;
    private final Map<String, GenericRecord> customersById = new ConcurrentHashMap<>();
    private final Map<String, GenericRecord> resultsByCommandId = new ConcurrentHashMap<>();
    private final Set<String> undecodable = ConcurrentHashMap.newKeySet();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TopicTail tail;

    /** @param source, sink the connectors as config/ defines them: they name the topics */
    public ComposeRecordFlows(HostView host, ConnectorConfig source, ConnectorConfig sink) {
        this.host = host;
        this.source = source;
        this.sink = sink;
        this.registry = new CompatSchemaRegistry(host.schemaRegistryApi());
    }

    /** Demo customers, metrics, rates and usage, as the quickstart seeds them; returns customer ids by alias. */
    public Map<String, String> seedEmulator() throws IOException, InterruptedException {
        return new EmulatorSeeder(host.emulatorUrl(), host.emulatorToken()).seed();
    }

    /**
     * Runs the header's {@code curl -X POST ... --data @<file> <url>} steps: the file's {@code name} and
     * {@code config} (after {@code rewrite}) posted to {@code route(url)}; then waits until each connector and its
     * tasks run. A refused POST fails at once, as curl would show it, with {@code whereToLook} (the worker's log).
     */
    public static void createConnectors(List<HeaderCommands.Post> posts, UnaryOperator<URI> route,
            UnaryOperator<Map<String, String>> rewrite, Duration timeout, String whereToLook)
            throws IOException, InterruptedException {
        Map<String, ConnectRestClient> created = new LinkedHashMap<>();
        for (HeaderCommands.Post post : posts) {
            ConnectorConfig connector = ConnectorConfig.read(post.file());
            String url = route.apply(post.url()).toString();
            if (!url.endsWith("/connectors")) {
                throw new IllegalArgumentException("Not the Connect REST API's /connectors: " + post.url());
            }
            ConnectRestClient rest = new ConnectRestClient(url.substring(0, url.length() - "/connectors".length()));
            try {
                rest.createConnector(connector.name(), rewrite.apply(connector.config()));
            } catch (IOException refused) {
                throw new IOException("curl --data @" + post.file().getFileName() + " " + post.url() + ": "
                        + refused.getMessage() + " (" + whereToLook + ")", refused);
            }
            created.put(connector.name(), rest);
        }
        for (Map.Entry<String, ConnectRestClient> connector : created.entrySet()) {
            await(connector.getKey() + " and its tasks RUNNING").atMost(timeout)
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> connector.getValue().isRunning(connector.getKey()));
        }
    }

    /** Reads the customers and results topics from the beginning, from now on. */
    public ComposeRecordFlows startReading() {
        String customers = customersTopic();
        String results = sink.get("results.topic");
        tail = new TopicTail(host.kafkaBootstrapServers(), List.of(customers, results),
                new ConfluentAvroCodec(registry), new TopicTail.Listener() {
                    @Override
                    public void onRecord(String topic, Object key, Object value) {
                        if (value instanceof GenericRecord record) {
                            if (topic.equals(customers)) {
                                customersById.put(record.get("id").toString(), record);
                            } else {
                                resultsByCommandId.put(String.valueOf(record.get("command_id")), record);
                            }
                        }
                    }

                    @Override
                    public void onUndecodable(String topic, long offset, RuntimeException error) {
                        undecodable.add(topic + "@" + offset + ": " + error.getMessage());
                    }
                }).start();
        return this;
    }

    /** The source's customers topic ({@code <topic.prefix>.customers}) receives every one of these customers. */
    public void awaitCustomers(Collection<String> ids, Duration timeout) {
        await("customers " + ids + " on " + customersTopic()).atMost(timeout)
                .until(() -> customersById.keySet().containsAll(ids));
        assertThat(undecodable).as("records that are not Avro of a registered schema").isEmpty();
    }

    /**
     * Writes the quickstart's demo commands to the sink's topic and waits for a result of each: the CREATE is
     * APPLIED and created the customer in the emulator, and so are the other actions on the seeded customers; the
     * command naming an alias nobody owns is REJECTED.
     */
    public void commandsAreAppliedWithOneResultEach(Duration timeout) throws IOException, InterruptedException {
        DemoCommands demo = new DemoCommands(Long.toString(System.currentTimeMillis(), 36));
        demo.publish(host.kafkaBootstrapServers(), registry, sink.get("topics"));
        List<String> ids = demo.commandIds();
        await("a result of each of " + ids + " on " + sink.get("results.topic")).atMost(timeout)
                .until(() -> resultsByCommandId.keySet().containsAll(ids));

        DemoCommands.Command create = demo.commands().get(0);
        assertThat(create.value().get("action").toString()).isEqualTo("CREATE");
        String alias = create.key();
        String createdId = customerIdWithAlias(alias);
        GenericRecord createResult = resultsByCommandId.get(create.commandId());
        assertThat(createResult.get("status").toString()).as("status of the CREATE of %s", alias).isEqualTo("APPLIED");
        assertThat(String.valueOf(createResult.get("customer_id"))).as("customer of the CREATE's result").isEqualTo(createdId);
        for (String id : ids.subList(1, ids.size() - 1)) {
            assertThat(resultsByCommandId.get(id).get("status").toString()).as("status of %s", id).isEqualTo("APPLIED");
        }
        assertThat(resultsByCommandId.get(ids.get(ids.size() - 1)).get("status").toString())
                .as("status of the command naming no customer").isEqualTo("REJECTED");
    }

    /** Writes commands to a topic as the quickstart does (schema registered under {@code <topic>-value}). */
    public void publish(String topic, List<DemoCommands.Command> commands) throws IOException, InterruptedException {
        DemoCommands.publish(host.kafkaBootstrapServers(), registry, topic, commands);
    }

    /** Waits until the emulator has a customer with this ingest alias; returns its id. */
    public String awaitCustomerWithAlias(String alias, Duration timeout) {
        return await("a customer with ingest alias " + alias + " in the emulator").atMost(timeout)
                .ignoreExceptionsInstanceOf(AssertionError.class)
                .until(() -> customerIdWithAlias(alias), id -> id != null);
    }

    private String customersTopic() {
        return source.get("topic.prefix") + ".customers";
    }

    /** The emulator's customer with this ingest alias, through Metronome's API; fails when there is none. */
    private String customerIdWithAlias(String alias) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(host.emulatorUrl() + "/v1/customers?ingest_alias="
                        + URLEncoder.encode(alias, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + host.emulatorToken()).timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /v1/customers?ingest_alias=%s: %s", alias, response.body()).isEqualTo(200);
        JsonNode customers = JSON.readTree(response.body()).path("data");
        assertThat(customers).as("customers with ingest alias %s in the emulator", alias).hasSize(1);
        return customers.get(0).path("id").asText();
    }

    @Override
    public void close() {
        if (tail != null) {
            tail.close();
        }
    }
}
