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
 * name is its last SET_NAME, and the results topic holds exactly one result per command.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkFaultsIT {

    private static final String CONNECTOR = "metronome-sink-faults";
    private static final String COMMANDS = "fault-commands";
    private static final String RESULTS = "fault-command-results";
    private static final String DLQ = "fault-commands-dlq";
    private static final int CUSTOMERS = 200;
    private static final int COMMAND_COUNT = 2_000;

    private SinkTestRig rig;
    private final ScheduledExecutorService faultSwitcher = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    void start() {
        rig = new SinkTestRig("sink-faults-it", ConnectTestClusters.builder());
        rig.createTopics(COMMANDS, 4, RESULTS, DLQ);
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
        List<CustomerSnapshot> customers = rig.emulator.customers();
        assertThat(customers).as("no twins").hasSize(CUSTOMERS);
        assertThat(script.mismatches(customers)).as("customers that differ from the model").isEmpty();
        Map<String, String> names = customers.stream()
                .collect(Collectors.toMap(c -> c.ingestAliases().get(0), CustomerSnapshot::name));
        assertThat(names).as("each customer's name is its last SET_NAME").isEqualTo(script.lastName);
        assertThat(injected.values().stream().mapToLong(Long::longValue).sum())
                .as("requests, retries included").isGreaterThan(COMMAND_COUNT);
        assertThat(rig.readAll(DLQ)).isEmpty();
    }

    private long committedTotal() {
        return rig.cluster.connectorOffsets(CONNECTOR).offsets().stream()
                .map(ConnectorOffset::offset)
                .mapToLong(o -> ((Number) o.get("kafka_offset")).longValue())
                .sum();
    }
}
