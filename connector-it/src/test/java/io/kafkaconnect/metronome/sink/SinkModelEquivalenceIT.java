package io.kafkaconnect.metronome.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.emulator.CustomerSnapshot;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * 5,000 mixed commands for 500 customers end in the state a model computes from the same commands; consuming the
 * whole topic again (offsets reset through the REST API) changes nothing and creates no twin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkModelEquivalenceIT {

    private static final String CONNECTOR = "metronome-sink";
    private static final String COMMANDS = "customer-commands";
    private static final String RESULTS = "command-results";
    private static final String DLQ = "commands-dlq";

    private SinkTestRig rig;

    @BeforeAll
    void start() {
        rig = new SinkTestRig("sink-model-it", ConnectTestClusters.builder());
        rig.createTopics(COMMANDS, 4, RESULTS, DLQ);
    }

    @AfterAll
    void stop() {
        rig.close();
    }

    @Test
    void appliesEveryCommandOnceAndARedeliveryChangesNothing() throws InterruptedException {
        CommandScript script = new CommandScript("cust-", 500, 5_000, 42);
        assertThat(script.commands).hasSize(5_000);
        rig.produce(COMMANDS, script.jsonRecords());

        rig.cluster.configureConnector(CONNECTOR, rig.connectorConfig(COMMANDS, RESULTS, DLQ, 2));
        ConnectTestClusters.awaitRunning(rig.cluster, CONNECTOR, 2);
        List<JsonNode> results = rig.awaitResults(RESULTS, 5_000);

        List<CustomerSnapshot> after = rig.emulator.customers();
        assertThat(after).as("one customer per CREATE alias").hasSize(500);
        assertThat(script.mismatches(after)).as("customers that differ from the model").isEmpty();
        assertThat(results).hasSize(5_000);
        assertThat(results.stream().map(r -> r.path("command_id").asText()).distinct().count())
                .as("one result per command").isEqualTo(5_000);
        // The second task joins while the first already works through the backlog: a CREATE revoked by that
        // rebalance after it created its customer is applied again by the new owner, which finds the customer.
        assertThat(results).as("statuses of the first delivery").allSatisfy(r -> assertThat(
                r.path("status").asText() + "/" + r.path("action").asText())
                .matches("APPLIED/.*|ALREADY_APPLIED/CREATE"));
        assertThat(rig.readAll(DLQ)).isEmpty();

        rig.resetOffsetsAndResume(CONNECTOR);
        ConnectTestClusters.awaitRunning(rig.cluster, CONNECTOR, 2);
        List<JsonNode> all = rig.awaitResults(RESULTS, 10_000);

        List<CustomerSnapshot> replayed = rig.emulator.customers();
        assertThat(replayed).as("no twin, nothing changed (updated_at included)")
                .containsExactlyInAnyOrderElementsOf(after);
        Map<String, Long> secondStatuses = all.subList(5_000, all.size()).stream()
                .collect(Collectors.groupingBy(r -> r.path("status").asText(), Collectors.counting()));
        assertThat(secondStatuses).doesNotContainKey("REJECTED");
        assertThat(all.subList(5_000, all.size())).hasSize(5_000);
        // Within Metronome's 24 h a CREATE applied again gets its stored answer under the same Idempotency-Key, as
        // every other action does: APPLIED, with the customer of the first delivery (checked below).
        assertThat(all.subList(5_000, all.size())).as("every CREATE found its customer")
                .filteredOn(r -> r.path("action").asText().equals("CREATE")).hasSize(500)
                .allSatisfy(r -> assertThat(r.path("status").asText()).isIn("APPLIED", "ALREADY_APPLIED"));
        Map<String, JsonNode> firstById = results.stream()
                .collect(Collectors.toMap(r -> r.path("command_id").asText(), Function.identity()));
        assertThat(all.subList(5_000, all.size()))
                .allSatisfy(r -> assertThat(r.path("customer_id").asText())
                        .isEqualTo(firstById.get(r.path("command_id").asText()).path("customer_id").asText()));
    }
}
