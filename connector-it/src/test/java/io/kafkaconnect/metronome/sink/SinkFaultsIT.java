package io.kafkaconnect.metronome.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.emulator.CustomerSnapshot;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With the emulator failing 20 % of requests (429 and 503 alternating every half second, 503s applied before the
 * error, i.e. lost answers) and adding 50 ms to each, the commands still end in the model's state, each customer's
 * name is its last SET_NAME, and the results topic holds exactly one result per command. Permanent refusals (403,
 * 422) are not retried: such a command goes to the DLQ with Metronome's status and message and gets a REJECTED
 * result, and the commands around it apply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkFaultsIT {

    private static final String CONNECTOR = "metronome-sink-faults";
    private static final String COMMANDS = "fault-commands";
    private static final String RESULTS = "fault-command-results";
    private static final String DLQ = "fault-commands-dlq";
    private static final int CUSTOMERS = 200;
    private static final int COMMAND_COUNT = 2_000;
    private static final String REFUSED_CONNECTOR = "metronome-sink-refusals";
    private static final String REFUSED_COMMANDS = "refused-commands";
    private static final String REFUSED_RESULTS = "refused-command-results";
    private static final String REFUSED_DLQ = "refused-commands-dlq";
    private static final String FORBIDDEN = "This API key is not allowed to rename customers";
    private static final String UNPROCESSABLE = "salesforce_account_id is not a valid Salesforce account id";

    private SinkTestRig rig;
    private final ScheduledExecutorService faultSwitcher = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    void start() {
        rig = new SinkTestRig("sink-faults-it", ConnectTestClusters.builder());
        rig.createTopics(COMMANDS, 4, RESULTS, DLQ);
        rig.createTopics(REFUSED_COMMANDS, 2, REFUSED_RESULTS, REFUSED_DLQ);
    }

    @AfterAll
    void stop() {
        faultSwitcher.shutdownNow();
        rig.close();
    }

    @Test
    void transientFailuresLoseNothingAndDuplicateNothing() {
        rig.cluster.configureConnector(CONNECTOR, rig.connectorConfig(COMMANDS, RESULTS, DLQ, 2));
        ConnectTestClusters.awaitRunning(rig.cluster, CONNECTOR, 2);
        rig.awaitStableGroup(CONNECTOR, 2);
        CommandScript script = new CommandScript("f-", CUSTOMERS, COMMAND_COUNT, 7);
        AtomicBoolean throttle = new AtomicBoolean();
        faultSwitcher.scheduleAtFixedRate(() -> rig.emulator.setFaults(throttle.getAndSet(!throttle.get())
                ? FaultSpec.builder().status(429).ratio(0.2).retryAfterSeconds(1).latencyMs(50).build()
                : FaultSpec.builder().status(503).ratio(0.2).applyBeforeError(true).latencyMs(50).build()),
                0, 500, TimeUnit.MILLISECONDS);
        rig.produce(COMMANDS, script.jsonRecords());

        rig.awaitResults(RESULTS, COMMAND_COUNT);
        await("every command's offset committed").atMost(SinkTestRig.LONG_WAIT)
                .until(() -> committedTotal() == COMMAND_COUNT);
        faultSwitcher.shutdownNow();
        rig.emulator.clearFaults();

        Map<String, Long> injected = rig.emulator.requestCounts();
        List<JsonNode> results = rig.readAll(RESULTS).stream().map(r -> SinkTestRig.parse(r.value())).toList();
        assertThat(results).as("exactly one result per command").hasSize(COMMAND_COUNT);
        assertThat(results.stream().map(r -> r.path("command_id").asText()).distinct().count())
                .isEqualTo(COMMAND_COUNT);
        assertThat(results).allSatisfy(r -> assertThat(r.path("status").asText()).isNotEqualTo("REJECTED"));
        List<CustomerSnapshot> customers = rig.emulator.customers().stream()
                .filter(c -> !c.ingestAliases().isEmpty() && c.ingestAliases().get(0).startsWith("f-")).toList();
        assertThat(customers).as("no twins").hasSize(CUSTOMERS);
        assertThat(script.mismatches(customers)).as("customers that differ from the model").isEmpty();
        Map<String, String> names = customers.stream()
                .collect(Collectors.toMap(c -> c.ingestAliases().get(0), CustomerSnapshot::name));
        assertThat(names).as("each customer's name is its last SET_NAME").isEqualTo(script.lastName);
        assertThat(injected.values().stream().mapToLong(Long::longValue).sum())
                .as("requests, retries included").isGreaterThan(COMMAND_COUNT);
        assertThat(rig.readAll(DLQ)).isEmpty();
    }

    @Test
    void forbiddenAndUnprocessableCommandsAreRejectedOnceAndTheCommandsAroundThemApply() {
        try {
            rig.cluster.configureConnector(REFUSED_CONNECTOR, rig.connectorConfig(REFUSED_COMMANDS, REFUSED_RESULTS,
                    REFUSED_DLQ, 1));
            ConnectTestClusters.awaitRunning(rig.cluster, REFUSED_CONNECTOR, 1);
            rig.produce(REFUSED_COMMANDS, List.of(command("p-a", "r1", "CREATE", "name", "A"),
                    command("p-b", "r2", "CREATE", "name", "B")));
            Map<String, String> ids = rig.awaitResults(REFUSED_RESULTS, 2).stream()
                    .collect(Collectors.toMap(r -> r.path("command_id").asText(), r -> r.path("customer_id").asText()));
            String a = ids.get("r1");
            String b = ids.get("r2");
            rig.emulator.resetRequestCounts();

            // Only A's setName is forbidden: B's and A's other calls go through.
            rig.emulator.setFaults(FaultSpec.builder().status(403).ratio(1.0).pathPrefix("/v1/customers/" + a
                    + "/setName").message(FORBIDDEN).build());
            rig.produce(REFUSED_COMMANDS, List.of(command("p-a", "r3", "SET_NAME", "name", "A forbidden"),
                    command("p-b", "r4", "SET_NAME", "name", "B renamed"),
                    command("p-a", "r5", "UPDATE_CONFIG", "salesforce_account_id", "sf-a")));
            rig.awaitResults(REFUSED_RESULTS, 5);
            rig.emulator.setFaults(FaultSpec.builder().status(422).ratio(1.0).pathPrefix("/v1/customers/" + b
                    + "/updateConfig").message(UNPROCESSABLE).build());
            rig.produce(REFUSED_COMMANDS, List.of(command("p-b", "r6", "UPDATE_CONFIG", "salesforce_account_id", "sf-b"),
                    command("p-a", "r7", "SET_NAME", "name", "A renamed"),
                    command("p-b", "r8", "SET_NAME", "name", "B again")));
            Map<String, JsonNode> results = rig.awaitResults(REFUSED_RESULTS, 8).stream()
                    .collect(Collectors.toMap(r -> r.path("command_id").asText(), Function.identity()));
            Map<String, String> reasons = ConnectTestClusters.readRecords(rig.cluster, REFUSED_DLQ, 2).stream()
                    .collect(Collectors.toMap(DeadLetters::commandId, DeadLetters::reason));
            rig.emulator.clearFaults();

            assertThat(reasons).containsOnly(
                    Map.entry("r3", "Metronome refused SET_NAME with HTTP 403: " + FORBIDDEN),
                    Map.entry("r6", "Metronome refused UPDATE_CONFIG with HTTP 422: " + UNPROCESSABLE));
            assertThat(results).hasSize(8);
            results.forEach((id, result) -> {
                if (reasons.containsKey(id)) {
                    assertThat(result.path("status").asText()).as(id).isEqualTo("REJECTED");
                    assertThat(result.path("message").asText()).as(id).isEqualTo(reasons.get(id));
                } else {
                    assertThat(result.path("status").asText()).as(id).isEqualTo("APPLIED");
                }
            });
            assertThat(rig.emulator.requestCounts()).as("each refused call made once, never retried")
                    .containsEntry("POST /v1/customers/{customer_id}/setName", 4L)
                    .containsEntry("POST /v1/customers/{customer_id}/updateConfig", 2L);
            Map<String, CustomerSnapshot> customers = rig.emulator.customers().stream()
                    .filter(c -> c.id().equals(a) || c.id().equals(b))
                    .collect(Collectors.toMap(CustomerSnapshot::id, Function.identity()));
            assertThat(customers.get(a).name()).isEqualTo("A renamed");
            assertThat(customers.get(a).salesforceAccountId()).isEqualTo("sf-a");
            assertThat(customers.get(b).name()).isEqualTo("B again");
            assertThat(customers.get(b).salesforceAccountId()).isNull();
            ConnectTestClusters.awaitRunning(rig.cluster, REFUSED_CONNECTOR, 1);
        } finally {
            rig.emulator.clearFaults();
        }
    }

    private static Map.Entry<String, byte[]> command(String alias, String id, String action, String field,
                                                     String value) {
        return Map.entry(alias, SinkTestRig.json(Map.of("command_id", id, "action", action, "ingest_alias", alias,
                field, value)));
    }

    private long committedTotal() {
        return rig.cluster.connectorOffsets(CONNECTOR).offsets().stream()
                .map(ConnectorOffset::offset)
                .mapToLong(o -> ((Number) o.get("kafka_offset")).longValue())
                .sum();
    }
}
