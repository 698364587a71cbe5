package io.kafkaconnect.metronome.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.sink.CommandScript;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Source (exactly-once) and sink running together while Metronome fails 20 % of requests, cycling through 429
 * (with Retry-After), 500 and 503 (applied before the error: a lost response), with a 400 ms latency spike every
 * other second. Everything arrives: Metronome ends in the state the commands model, one result per command, and
 * the committed customers topic holds every customer's current state, with no record emitted twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultSoakIT {

    private static final int SEEDED = 300;
    private static final int SCRIPT_CUSTOMERS = 100;
    private static final int COMMANDS = 1_000;

    private ReliabilityRig rig;
    private FaultCycle faults;

    @BeforeAll
    void start() {
        rig = new ReliabilityRig(ConnectTestClusters.builder().name("fault-soak-it").exactlyOnceSource());
        faults = new FaultCycle(rig.emulator);
    }

    @AfterAll
    void stop() {
        if (faults != null) {
            faults.close();
        }
        rig.close();
    }

    @Test
    void everythingArrivesOnceUnderTwentyPercentFaultsAndLatencySpikes() {
        rig.emulator.bulkCreateCustomers(SEEDED, "customer ", "seeded-");
        Map<String, String> source = rig.sourceConfig();
        source.put("exactly.once.support", "required");
        faults.start();
        rig.cluster.configureConnector(ReliabilityRig.SOURCE, source);
        rig.cluster.configureConnector(ReliabilityRig.SINK, rig.sinkConfig(2));
        ConnectTestClusters.awaitRunning(rig.cluster, ReliabilityRig.SOURCE, 1);
        ConnectTestClusters.awaitRunning(rig.cluster, ReliabilityRig.SINK, 2);
        rig.awaitStableGroup(2);

        CommandScript script = new CommandScript("soak-", SCRIPT_CUSTOMERS, COMMANDS, 23);
        rig.produce(script.jsonRecords());
        rig.awaitResults(COMMANDS);
        long requests = rig.emulator.requestCounts().values().stream().mapToLong(Long::longValue).sum();
        await("the customers topic caught up with Metronome, faults still on").atMost(ReliabilityRig.LONG_WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(rig.latestCustomers(rig.customerRecords()))
                        .isEqualTo(rig.emulatorCustomers()));
        faults.close();

        assertThat(faults.ticks()).as("fault settings cycled").isGreaterThan(FaultCycle.SETTINGS.size());
        assertThat(requests).as("requests, retries included").isGreaterThan(COMMANDS);
        List<JsonNode> results = ConnectTestClusters.readAll(rig.cluster, ReliabilityRig.RESULTS_TOPIC).stream()
                .map(r -> ReliabilityRig.json(r.value())).toList();
        assertThat(results).as("exactly one result per command").hasSize(COMMANDS);
        assertThat(results.stream().map(r -> r.path("command_id").asText()).distinct().count()).isEqualTo(COMMANDS);
        assertThat(results).extracting(r -> r.path("status").asText()).doesNotContain("REJECTED");
        assertThat(rig.emulator.customers()).as("no twin customers").hasSize(SEEDED + SCRIPT_CUSTOMERS);
        assertThat(script.mismatches(rig.emulator.customers())).as("customers that differ from the model").isEmpty();
        assertThat(ConnectTestClusters.readAll(rig.cluster, ReliabilityRig.DLQ_TOPIC)).isEmpty();
        assertThat(ReliabilityRig.repeatedRecords(rig.customerRecords())).as("customer records emitted twice in a row").isEmpty();
    }
}
