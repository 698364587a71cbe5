package io.kafkaconnect.metronome.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.emulator.CustomerSnapshot;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebalances in the middle of a run, while many commands are in flight (50-100 ms per Metronome call): more tasks
 * through {@code PUT /connectors/{name}/config}, a restart of the connector and its tasks through
 * {@code POST /connectors/{name}/restart?includeTasks=true}, and a third worker joining. The commands still end in
 * the model's state with no twin customer, and the results topic holds exactly one result per command: commands
 * in flight on a revoked partition write nothing, and their new owner writes the one result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkRebalanceIT {

    private static final Logger log = LoggerFactory.getLogger(SinkRebalanceIT.class);
    private static final String CONNECTOR = "metronome-sink-rebalance";
    private static final String COMMANDS = "rebalance-commands";
    private static final String RESULTS = "rebalance-command-results";
    private static final String DLQ = "rebalance-commands-dlq";
    private static final int PARTITIONS = 6;
    private static final int CUSTOMERS = 150;
    private static final int COMMAND_COUNT = 1_500;

    private SinkTestRig rig;
    private final ScheduledExecutorService latencySwitcher = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    void start() {
        rig = new SinkTestRig("sink-rebalance-it", ConnectTestClusters.builder().workers(2));
        rig.createTopics(COMMANDS, PARTITIONS, RESULTS, DLQ);
    }

    @AfterAll
    void stop() {
        latencySwitcher.shutdownNow();
        rig.close();
    }

    @Test
    void rebalancesMidRunWriteExactlyOneResultPerCommand() {
        Map<String, String> config = rig.connectorConfig(COMMANDS, RESULTS, DLQ, 2);
        // Few commands at once per task, so that the run outlasts three rebalances with many commands in flight.
        config.put(MetronomeSinkConfig.MAX_IN_FLIGHT, "8");
        rig.cluster.configureConnector(CONNECTOR, config);
        ConnectTestClusters.awaitRunning(rig.cluster, CONNECTOR, 2);
        rig.awaitStableGroup(CONNECTOR, 2);
        AtomicBoolean slow = new AtomicBoolean();
        latencySwitcher.scheduleAtFixedRate(() -> rig.emulator.setFaults(FaultSpec.builder()
                .latencyMs(slow.getAndSet(!slow.get()) ? 100 : 50).build()), 0, 300, TimeUnit.MILLISECONDS);
        CommandScript script = new CommandScript("rb-", CUSTOMERS, COMMAND_COUNT, 11);
        rig.produce(COMMANDS, script.jsonRecords());

        awaitResults(COMMAND_COUNT / 5);
        log.info("Rebalance 1: tasks.max 2 -> 3 through PUT /connectors/{}/config", CONNECTOR);
        config.put("tasks.max", "3");
        rig.cluster.configureConnector(CONNECTOR, config);

        awaitResults(COMMAND_COUNT * 2 / 5);
        log.info("Rebalance 2: POST /connectors/{}/restart?includeTasks=true", CONNECTOR);
        rig.cluster.restartConnectorAndTasks(CONNECTOR, false, true, false);

        awaitResults(COMMAND_COUNT * 3 / 5);
        log.info("Rebalance 3: a third worker joins");
        rig.cluster.addWorker();

        await("a result for every command").atMost(SinkTestRig.LONG_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> resultsById().size() == COMMAND_COUNT);
        await("every command's offset committed").atMost(SinkTestRig.LONG_WAIT)
                .until(() -> committedTotal() == COMMAND_COUNT);
        ConnectTestClusters.awaitRunning(rig.cluster, CONNECTOR, 3);
        latencySwitcher.shutdownNow();
        rig.emulator.clearFaults();

        Map<String, List<JsonNode>> byId = resultsById();
        Map<String, Integer> duplicated = byId.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
        log.info("{} results for {} commands; {} commands with more than one result; statuses {}",
                byId.values().stream().mapToInt(List::size).sum(), byId.size(), duplicated.size(),
                byId.values().stream().collect(Collectors.groupingBy(r -> r.get(0).path("status").asText()
                        + "/" + r.get(0).path("action").asText(), Collectors.counting())));
        assertThat(byId).as("a result for every command id").hasSize(COMMAND_COUNT);
        assertThat(duplicated).as("commands with more than one result (command id -> results)").isEmpty();
        assertThat(byId.values().stream().map(r -> r.get(0))).allSatisfy(r -> {
            assertThat(r.path("status").asText()).isIn("APPLIED", "ALREADY_APPLIED");
            assertThat(r.path("customer_id").asText()).isNotBlank();
        });
        // A redelivered CREATE finds the customer its revoked first delivery made; the other actions replay
        // Metronome's stored answer under the same Idempotency-Key and report APPLIED.
        assertThat(byId.values().stream().map(r -> r.get(0))
                .filter(r -> r.path("status").asText().equals("ALREADY_APPLIED")))
                .allSatisfy(r -> assertThat(r.path("action").asText()).isEqualTo("CREATE"));
        List<CustomerSnapshot> customers = rig.emulator.customers();
        assertThat(customers).as("no twins").hasSize(CUSTOMERS);
        assertThat(script.mismatches(customers)).as("customers that differ from the model").isEmpty();
        Map<String, String> names = customers.stream()
                .collect(Collectors.toMap(c -> c.ingestAliases().get(0), CustomerSnapshot::name));
        assertThat(names).as("each customer's name is its last SET_NAME").isEqualTo(script.lastName);
        assertThat(rig.readAll(DLQ)).isEmpty();
    }

    private void awaitResults(int count) {
        await(count + " results").atMost(SinkTestRig.LONG_WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> rig.readAll(RESULTS).size() >= count);
    }

    /** Every result in the results topic now, grouped by command id. */
    private Map<String, List<JsonNode>> resultsById() {
        return rig.readAll(RESULTS).stream().map(r -> SinkTestRig.parse(r.value()))
                .collect(Collectors.groupingBy(r -> r.path("command_id").asText()));
    }

    private long committedTotal() {
        return rig.cluster.connectorOffsets(CONNECTOR).offsets().stream()
                .map(ConnectorOffset::offset)
                .mapToLong(o -> ((Number) o.get("kafka_offset")).longValue())
                .sum();
    }
}
