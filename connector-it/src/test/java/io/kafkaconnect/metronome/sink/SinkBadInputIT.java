package io.kafkaconnect.metronome.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.emulator.CustomerSnapshot;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every class of bad input lands in the dead-letter queue with its reason in a header and gets a REJECTED result;
 * the task keeps running and the good commands after them still apply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkBadInputIT {

    private static final String CONNECTOR = "metronome-sink-bad-input";
    private static final String COMMANDS = "bad-commands";
    private static final String RESULTS = "bad-command-results";
    private static final String DLQ = "bad-commands-dlq";
    private static final String REASON_HEADER = "__connect.errors.exception.message";
    private static final String OFFSET_HEADER = "__connect.errors.offset";

    /** The first inputs create the customers the later ones conflict with. */
    private static final int CUSTOMERS_FIRST = 2;

    private SinkTestRig rig;

    /** One record of the test: its key, its value (null: a tombstone) and, for bad ones, the expected reason. */
    private record Input(String label, String key, String value, String reason) {
    }

    @BeforeAll
    void start() {
        rig = new SinkTestRig("sink-bad-input-it", ConnectTestClusters.builder());
        rig.createTopics(COMMANDS, 1, RESULTS, DLQ); // one partition: offsets tell the inputs apart
    }

    @AfterAll
    void stop() {
        rig.close();
    }

    private static Input good(String key, String json) {
        return new Input("good", key, json, null);
    }

    private static Input bad(String label, String key, String json, String reason) {
        return new Input(label, key, json, reason);
    }

    private static List<Input> inputs() {
        String tooManyEvents = "[" + String.join(",", java.util.Collections.nCopies(101, "{\"event_type\":\"e\"}")) + "]";
        return List.of(
                good("owner", "{\"command_id\":\"g1\",\"action\":\"CREATE\",\"ingest_alias\":\"owner\",\"name\":\"Owner\"}"),
                good("other", "{\"command_id\":\"g2\",\"action\":\"CREATE\",\"ingest_alias\":\"other\",\"name\":\"Other\"}"),
                bad("malformed JSON", "x", "{\"command_id\": \"b1\", ", "not valid JSON"),
                bad("JSON that is not an object", "x", "[\"b2\"]", "not an object"),
                bad("tombstone", "x", null, "tombstone"),
                bad("missing command id", "x", "{\"action\":\"ARCHIVE\",\"ingest_alias\":\"owner\"}",
                        "command_id is required"),
                bad("missing action", "x", "{\"command_id\":\"b5\",\"ingest_alias\":\"owner\"}", "action is required"),
                bad("unknown action", "x", "{\"command_id\":\"b6\",\"action\":\"DELETE\",\"ingest_alias\":\"owner\"}",
                        "unknown action \"DELETE\""),
                bad("unknown field", "x", "{\"command_id\":\"b7\",\"action\":\"SET_NAME\",\"ingest_alias\":\"owner\",\"nmae\":\"N\"}",
                        "unknown field \"nmae\""),
                bad("over-long external id", "x", "{\"command_id\":\"b8\",\"action\":\"CREATE\",\"name\":\"N\",\"external_id\":\""
                        + "e".repeat(129) + "\"}", "external_id has 129 characters"),
                bad("CREATE without name", "new", "{\"command_id\":\"b9\",\"action\":\"CREATE\",\"ingest_alias\":\"new\"}",
                        "name is required"),
                bad("wrong field type", "owner", "{\"command_id\":\"b10\",\"action\":\"SET_NAME\",\"ingest_alias\":\"owner\",\"name\":42}",
                        "name must be a string, not a number"),
                bad("wrong boolean type", "owner", "{\"command_id\":\"b11\",\"action\":\"UPDATE_CONFIG\",\"ingest_alias\":\"owner\",\"leave_stripe_invoices_in_draft\":\"yes\"}",
                        "leave_stripe_invoices_in_draft must be a boolean"),
                bad("over-long alias", "owner", "{\"command_id\":\"b12\",\"action\":\"SET_INGEST_ALIASES\",\"ingest_alias\":\"owner\",\"ingest_aliases\":[\""
                        + "a".repeat(129) + "\"]}", "alias of 129 characters"),
                bad("blank name", "owner", "{\"command_id\":\"b13\",\"action\":\"SET_NAME\",\"ingest_alias\":\"owner\",\"name\":\" \"}",
                        "name must not be blank"),
                bad("no customer reference", "x", "{\"command_id\":\"b14\",\"action\":\"ARCHIVE\"}", "names no customer"),
                bad("update config without settings", "owner", "{\"command_id\":\"b15\",\"action\":\"UPDATE_CONFIG\",\"ingest_alias\":\"owner\"}",
                        "needs salesforce_account_id"),
                bad("too many preview events", "owner", "{\"command_id\":\"b16\",\"action\":\"PREVIEW_EVENTS\",\"ingest_alias\":\"owner\",\"preview_events\":"
                        + tooManyEvents + "}", "at most 100 allowed"),
                bad("unknown customer alias", "nobody", "{\"command_id\":\"b17\",\"action\":\"SET_NAME\",\"ingest_alias\":\"nobody\",\"name\":\"N\"}",
                        "unknown customer: no customer owns ingest alias \"nobody\""),
                bad("unknown customer id", "no-such-id", "{\"command_id\":\"b18\",\"action\":\"ARCHIVE\",\"customer_id\":\"no-such-id\"}",
                        "HTTP 404"),
                bad("alias owned by another customer", "other", "{\"command_id\":\"b19\",\"action\":\"SET_INGEST_ALIASES\",\"ingest_alias\":\"other\",\"ingest_aliases\":[\"other\",\"owner\"]}",
                        "HTTP 409"),
                bad("CREATE with another customer's alias", "fresh", "{\"command_id\":\"b20\",\"action\":\"CREATE\",\"ingest_alias\":\"fresh\",\"name\":\"F\",\"ingest_aliases\":[\"owner\"]}",
                        "refused CREATE with HTTP 409"),
                bad("provider configurations Metronome refuses", "fresh2", "{\"command_id\":\"b21\",\"action\":\"CREATE\",\"ingest_alias\":\"fresh2\",\"name\":\"F\",\"customer_billing_provider_configurations\":[1]}",
                        "HTTP 400"),
                good("owner", "{\"command_id\":\"g3\",\"action\":\"SET_NAME\",\"ingest_alias\":\"owner\",\"name\":\"Owner after\"}"),
                good("late", "{\"command_id\":\"g4\",\"action\":\"CREATE\",\"ingest_alias\":\"late\",\"name\":\"Late\"}"),
                good("other", "{\"command_id\":\"g5\",\"action\":\"ARCHIVE\",\"ingest_alias\":\"other\"}"));
    }

    @Test
    void badInputIsRejectedWithItsReasonAndGoodCommandsStillApply() {
        List<Input> inputs = inputs();
        List<Input> bad = inputs.stream().filter(i -> i.reason != null).toList();
        assertThat(bad.stream().map(Input::label).distinct()).as("classes of bad input").hasSizeGreaterThanOrEqualTo(15);
        List<Map.Entry<String, byte[]>> records = new ArrayList<>();
        inputs.forEach(i -> records.add(new java.util.AbstractMap.SimpleEntry<>(i.key,
                i.value == null ? null : i.value.getBytes(StandardCharsets.UTF_8))));

        // Commands of different customers run concurrently, so the customers whose aliases the conflicting
        // commands claim must exist before those commands are sent.
        rig.produce(COMMANDS, records.subList(0, CUSTOMERS_FIRST));
        rig.cluster.configureConnector(CONNECTOR, rig.connectorConfig(COMMANDS, RESULTS, DLQ, 1));
        ConnectTestClusters.awaitRunning(rig.cluster, CONNECTOR, 1);
        rig.awaitResults(RESULTS, CUSTOMERS_FIRST);
        rig.produce(COMMANDS, records.subList(CUSTOMERS_FIRST, records.size()));

        Map<Long, JsonNode> results = rig.awaitResults(RESULTS, inputs.size()).stream()
                .collect(Collectors.toMap(r -> r.path("source_offset").asLong(), Function.identity()));
        List<ConsumerRecord<byte[], byte[]>> dlq = readDeadLetters(inputs, bad.size());

        assertThat(results).hasSize(inputs.size());
        Map<Long, String> reasons = dlq.stream().collect(Collectors.toMap(
                r -> Long.parseLong(header(r, OFFSET_HEADER).orElseThrow()),
                r -> header(r, REASON_HEADER).orElse("(no reason header)")));
        assertThat(dlq).hasSize(bad.size());
        for (int offset = 0; offset < inputs.size(); offset++) {
            Input input = inputs.get(offset);
            JsonNode result = results.get((long) offset);
            if (input.reason == null) {
                assertThat(result.path("status").asText()).as("%s at %d", input.value, offset).isEqualTo("APPLIED");
                assertThat(reasons).doesNotContainKey((long) offset);
            } else {
                assertThat(reasons.get((long) offset)).as("DLQ reason of %s", input.label).contains(input.reason);
                assertThat(result.path("status").asText()).as("result of %s", input.label).isEqualTo("REJECTED");
                assertThat(result.path("message").asText()).as("result message of %s", input.label)
                        .contains(input.reason);
            }
        }
        assertThat(results.get(3L).path("command_id").isNull()).as("a rejected command without id").isTrue();
        assertThat(results.get(6L).path("command_id").asText()).isEqualTo("b5");

        Map<String, CustomerSnapshot> byAlias = rig.emulator.customers().stream()
                .collect(Collectors.toMap(c -> c.ingestAliases().get(0), Function.identity()));
        assertThat(byAlias).containsOnlyKeys("owner", "other", "late");
        assertThat(byAlias.get("owner").name()).isEqualTo("Owner after");
        assertThat(byAlias.get("owner").ingestAliases()).containsExactly("owner");
        assertThat(byAlias.get("other").archivedAt()).isNotNull();
        ConnectTestClusters.awaitRunning(rig.cluster, CONNECTOR, 1);
    }

    /** The DLQ once it holds {@code count} records; failing, names the inputs that are missing from it. */
    private List<ConsumerRecord<byte[], byte[]>> readDeadLetters(List<Input> inputs, int count) {
        try {
            return ConnectTestClusters.readRecords(rig.cluster, DLQ, count);
        } catch (AssertionError e) {
            java.util.Set<Long> present = rig.readAll(DLQ).stream()
                    .map(r -> Long.parseLong(header(r, OFFSET_HEADER).orElse("-1"))).collect(Collectors.toSet());
            List<String> missing = new ArrayList<>();
            for (int offset = 0; offset < inputs.size(); offset++) {
                if (inputs.get(offset).reason != null && !present.contains((long) offset)) {
                    missing.add(offset + " (" + inputs.get(offset).label + ")");
                }
            }
            throw new AssertionError(e.getMessage() + "; missing from the DLQ: " + missing, e);
        }
    }

    private static Optional<String> header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
