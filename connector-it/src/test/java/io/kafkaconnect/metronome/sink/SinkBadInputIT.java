package io.kafkaconnect.metronome.sink;

import static io.kafkaconnect.metronome.sink.BadCommands.OTHER;
import static io.kafkaconnect.metronome.sink.BadCommands.OWNER;
import static io.kafkaconnect.metronome.sink.BadCommands.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.apicurio.registry.utils.converter.AvroConverter;
import io.kafkaconnect.metronome.emulator.CustomerSnapshot;
import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import io.kafkaconnect.metronome.testkit.ApicurioRegistryServer;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every class of bad input of the catalogue ({@link BadCommands}) lands in the dead-letter queue with its reason in a
 * header and gets a REJECTED result with that reason; the task keeps running, the good commands between them still
 * apply, and Metronome ends in exactly the state the good commands make. JSON text goes through the
 * StringConverter; Connect data (records of another schema, a bad Avro command) as Avro through a real registry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkBadInputIT {

    private static final int MIN_CLASSES = 30;
    private static final Schema COMMAND = AvroSchemaConverter.load("customer_command");
    private static final String EMOJI_128 = "\uD83D\uDE00".repeat(128);
    /** How many bad inputs go between two good commands. */
    private static final int GOOD_EVERY = 12;

    private ApicurioRegistryServer registry;
    private SinkTestRig rig;

    /** One record of the test: its key, its value (null: a tombstone) and, for bad ones, the expected reason. */
    private record Input(String label, String key, Object value, String reason) {
        static Input of(BadCommands.BadCommand bad) {
            return new Input(bad.label(), bad.key(), bad.value(), bad.reason());
        }

        boolean good() {
            return reason == null;
        }
    }

    /** One connector's run: its inputs by offset, its results by source offset and DLQ reasons by offset. */
    private record Run(List<Input> inputs, Map<Long, JsonNode> results, Map<Long, String> reasons) {
    }

    @BeforeAll
    void start() {
        registry = ApicurioRegistryServer.start();
        rig = new SinkTestRig("sink-bad-input-it", ConnectTestClusters.builder());
        rig.createTopics("bad-commands", 1, "bad-command-results", "bad-commands-dlq"); // offsets tell inputs apart
        rig.createTopics("bad-avro-commands", 1, "bad-avro-results", "bad-avro-dlq");
    }

    @AfterAll
    void stop() {
        try {
            rig.close();
        } finally {
            registry.close();
        }
    }

    private static Input good(String key, String json) {
        return new Input("good", key, json, null);
    }

    /** The customers the Metronome-refused cases need, created and applied before anything else is sent. */
    private static List<Input> firstInputs() {
        return List.of(good(OWNER, json("command_id", "g1", "action", "CREATE", "ingest_alias", OWNER, "name", "Owner")),
                good(OTHER, json("command_id", "g2", "action", "CREATE", "ingest_alias", OTHER, "name", "Other")));
    }

    /** Good commands to put between the bad ones, several at the edge of what Metronome accepts. */
    private static List<Input> goodBetween() {
        return List.of(
                good(EMOJI_128, json("command_id", "g3", "action", "CREATE", "ingest_alias", EMOJI_128,
                        "name", "Alias of 128 characters, 256 UTF-16 units")),
                good("billed", json("command_id", "g4", "action", "CREATE", "ingest_alias", "billed", "name", "Billed",
                        "billing_config", Map.of("billing_provider_type", "stripe",
                                "billing_provider_customer_id", "cus_billed", "stripe_collection_method", "send_invoice"),
                        "customer_billing_provider_configurations", List.of(Map.of("billing_provider", "stripe",
                                "delivery_method", "direct_to_billing_provider", "configuration",
                                Map.of("stripe_customer_id", "cus_billed", "stripe_collection_method", "send_invoice"))))),
                good(OWNER, json("command_id", "g5", "action", "PREVIEW_EVENTS", "ingest_alias", OWNER,
                        "preview_events", List.of(Map.of("event_type", "api_call",
                                "timestamp", "2024-05-01T12:00:00.5+02:00", "transaction_id", "t".repeat(128))))),
                good(null, json("command_id", "g6", "action", "UPDATE_CONFIG", "ingest_alias", OWNER,
                        "salesforce_account_id", "sf-owner")),
                good(OWNER, json("command_id", "g7", "action", "SET_NAME", "ingest_alias", OWNER, "name", "Owner after")));
    }

    private static List<Input> lastInputs() {
        return List.of(good("late", json("command_id", "g8", "action", "CREATE", "ingest_alias", "late", "name", "Late")),
                good(OTHER, json("command_id", "g9", "action", "ARCHIVE", "ingest_alias", OTHER)));
    }

    /** The JSON-text cases with good commands between them, after the first inputs. */
    private static List<Input> jsonInputs() {
        List<Input> inputs = new ArrayList<>(firstInputs());
        List<Input> between = new ArrayList<>(goodBetween());
        List<BadCommands.BadCommand> bad = BadCommands.all().stream().filter(BadCommands.BadCommand::isJsonText).toList();
        for (int i = 0; i < bad.size(); i++) {
            if (i > 0 && i % GOOD_EVERY == 0 && !between.isEmpty()) {
                inputs.add(between.remove(0));
            }
            inputs.add(Input.of(bad.get(i)));
        }
        inputs.addAll(between);
        inputs.addAll(lastInputs());
        return inputs;
    }

    private static List<Input> avroInputs() {
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input("good", "avro-a", new Struct(COMMAND).put("command_id", "ga1").put("action", "CREATE")
                .put("ingest_alias", "avro-a").put("name", "Avro"), null));
        BadCommands.all().stream().filter(c -> !c.isJsonText()).map(Input::of).forEach(inputs::add);
        inputs.add(new Input("good", "avro-a", new Struct(COMMAND).put("command_id", "ga2").put("action", "SET_NAME")
                .put("ingest_alias", "avro-a").put("name", "Avro renamed"), null));
        return inputs;
    }

    @Test
    void badInputIsRejectedWithItsReasonAndGoodCommandsStillApply() {
        List<Input> json = jsonInputs();
        List<Input> avro = avroInputs();
        Set<String> classes = java.util.stream.Stream.concat(json.stream(), avro.stream())
                .filter(i -> !i.good()).map(Input::label).collect(Collectors.toSet());
        assertThat(classes).as("classes of bad input").hasSizeGreaterThanOrEqualTo(MIN_CLASSES)
                .hasSize(BadCommands.all().size());

        Map<String, String> avroConfig = rig.connectorConfig("bad-avro-commands", "bad-avro-results", "bad-avro-dlq", 1);
        avroConfig.putAll(registry.avroConverterProps(false));
        rig.produce("bad-avro-commands", avroRecords(avro));
        rig.cluster.configureConnector("metronome-sink-bad-avro", avroConfig);

        // Commands of different customers run concurrently, so the customers whose aliases the conflicting
        // commands claim must exist before those commands are sent.
        List<Map.Entry<String, byte[]>> jsonRecords = jsonRecords(json);
        int first = firstInputs().size();
        rig.produce("bad-commands", jsonRecords.subList(0, first));
        rig.cluster.configureConnector("metronome-sink-bad-input",
                rig.connectorConfig("bad-commands", "bad-command-results", "bad-commands-dlq", 1));
        ConnectTestClusters.awaitRunning(rig.cluster, "metronome-sink-bad-input", 1);
        rig.awaitResults("bad-command-results", first);
        rig.produce("bad-commands", jsonRecords.subList(first, jsonRecords.size()));

        Run jsonRun = collect(json, "bad-command-results", "bad-commands-dlq");
        Run avroRun = collect(avro, "bad-avro-results", "bad-avro-dlq");
        assertEveryInput(jsonRun);
        assertEveryInput(avroRun);
        assertThat(resultOf(jsonRun, "malformed JSON").path("command_id").isNull()).as("a result without id").isTrue();
        assertThat(resultOf(jsonRun, "blank name").path("command_id").asText()).isEqualTo("b-n3");
        assertThat(resultOf(jsonRun, "blank name").path("action").asText()).isEqualTo("SET_NAME");

        Map<String, CustomerSnapshot> byAlias = rig.emulator.customers().stream()
                .collect(Collectors.toMap(c -> c.ingestAliases().get(0), Function.identity()));
        assertThat(byAlias).containsOnlyKeys(OWNER, OTHER, EMOJI_128, "billed", "late", "avro-a");
        assertThat(byAlias.get(OWNER).name()).isEqualTo("Owner after");
        assertThat(byAlias.get(OWNER).ingestAliases()).containsExactly(OWNER);
        assertThat(byAlias.get(OWNER).salesforceAccountId()).isEqualTo("sf-owner");
        assertThat(byAlias.get(OWNER).leaveStripeInvoicesInDraft()).isNull();
        assertThat(byAlias.get(OTHER).name()).as("the command keyed by owner changed nothing").isEqualTo("Other");
        assertThat(byAlias.get(OTHER).ingestAliases()).containsExactly(OTHER);
        assertThat(byAlias.get(OTHER).archivedAt()).isNotNull();
        assertThat(byAlias.get("billed").billingConfig().path("billing_provider_customer_id").asText())
                .isEqualTo("cus_billed");
        assertThat(byAlias.get("avro-a").name()).isEqualTo("Avro renamed");
        assertThat(rig.emulator.requestCounts()).as("only good commands and the ones Metronome refuses reach it")
                .containsEntry("POST /v1/customers", 7L) // 6 customers and the CREATE refused with a 409
                .containsEntry("POST /v1/customers/{customer_id}/setName", 2L)
                .containsEntry("POST /v1/customers/{customer_id}/previewEvents", 1L)
                .containsEntry("POST /v1/customers/{customer_id}/updateConfig", 1L)
                .containsEntry("POST /v1/customers/{customer_id}/setIngestAliases", 1L) // refused with a 409
                .containsEntry("POST /v1/customers/archive", 2L); // other's, and the unknown id's 404
        ConnectTestClusters.awaitRunning(rig.cluster, "metronome-sink-bad-input", 1);
        ConnectTestClusters.awaitRunning(rig.cluster, "metronome-sink-bad-avro", 1);
    }

    private Run collect(List<Input> inputs, String resultsTopic, String dlq) {
        Map<Long, JsonNode> results = rig.awaitResults(resultsTopic, inputs.size()).stream()
                .collect(Collectors.toMap(r -> r.path("source_offset").asLong(), Function.identity()));
        long bad = inputs.stream().filter(i -> !i.good()).count();
        Map<Long, String> reasons = readDeadLetters(inputs, dlq, (int) bad).stream().collect(Collectors.toMap(
                r -> Long.parseLong(DeadLetters.header(r, DeadLetters.OFFSET_HEADER).orElseThrow()), DeadLetters::reason));
        assertThat(results).as(resultsTopic).hasSize(inputs.size());
        assertThat(reasons).as(dlq).hasSize((int) bad);
        return new Run(inputs, results, reasons);
    }

    private static void assertEveryInput(Run run) {
        for (int offset = 0; offset < run.inputs.size(); offset++) {
            Input input = run.inputs.get(offset);
            JsonNode result = run.results.get((long) offset);
            if (input.good()) {
                assertThat(result.path("status").asText()).as("%s at %d: %s", input.value, offset, result)
                        .isEqualTo("APPLIED");
                assertThat(run.reasons).doesNotContainKey((long) offset);
            } else {
                assertThat(run.reasons.get((long) offset)).as("DLQ reason of %s", input.label).contains(input.reason);
                assertThat(result.path("status").asText()).as("result of %s", input.label).isEqualTo("REJECTED");
                assertThat(result.path("message").asText()).as("result message of %s", input.label)
                        .contains(input.reason);
            }
        }
    }

    private static JsonNode resultOf(Run run, String label) {
        for (int offset = 0; offset < run.inputs.size(); offset++) {
            if (run.inputs.get(offset).label.equals(label)) {
                return run.results.get((long) offset);
            }
        }
        throw new AssertionError("no input " + label);
    }

    private static List<Map.Entry<String, byte[]>> jsonRecords(List<Input> inputs) {
        return inputs.stream().map(i -> (Map.Entry<String, byte[]>) new AbstractMap.SimpleEntry<>(i.key,
                i.value == null ? null : ((String) i.value).getBytes(StandardCharsets.UTF_8))).toList();
    }

    /** Connect data as Avro in Confluent wire format, each value's schema registered as the producer would. */
    private List<Map.Entry<String, byte[]>> avroRecords(List<Input> inputs) {
        AvroConverter converter = new AvroConverter();
        converter.configure(registry.converterConfig(), false);
        return inputs.stream().map(i -> (Map.Entry<String, byte[]>) new AbstractMap.SimpleEntry<>(i.key,
                converter.fromConnectData("bad-avro-commands", schemaOf(i.value), i.value))).toList();
    }

    private static Schema schemaOf(Object value) {
        if (value instanceof Struct struct) {
            return struct.schema();
        }
        if (value instanceof Long) {
            return Schema.INT64_SCHEMA;
        }
        throw new IllegalArgumentException("no Avro schema for " + value);
    }

    /** The DLQ once it holds {@code count} records; failing, names the inputs that are missing from it. */
    private List<ConsumerRecord<byte[], byte[]>> readDeadLetters(List<Input> inputs, String dlq, int count) {
        try {
            return ConnectTestClusters.readRecords(rig.cluster, dlq, count);
        } catch (AssertionError e) {
            Set<Long> present = rig.readAll(dlq).stream()
                    .map(r -> Long.parseLong(DeadLetters.header(r, DeadLetters.OFFSET_HEADER).orElse("-1")))
                    .collect(Collectors.toSet());
            List<String> missing = new ArrayList<>();
            for (int offset = 0; offset < inputs.size(); offset++) {
                if (!inputs.get(offset).good() && !present.contains((long) offset)) {
                    missing.add(offset + " (" + inputs.get(offset).label + ")");
                }
            }
            throw new AssertionError(e.getMessage() + "; missing from " + dlq + ": " + missing, e);
        }
    }
}
