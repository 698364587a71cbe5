package io.kafkaconnect.metronome.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.sink.CommandScript;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Metronome goes away for 30 s (its HTTP server stopped: connections refused) while the source copies customers
 * and the sink has commands to apply. Both connectors' tasks stay RUNNING throughout, and once Metronome is back
 * they catch up by themselves: every command applied once, every customer (including those created meanwhile)
 * in the customers topic with its current state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetronomeOutageIT {

    private static final int SEEDED = 150;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private ReliabilityRig rig;

    @BeforeAll
    void start() {
        rig = new ReliabilityRig(ConnectTestClusters.builder().name("outage-it"));
    }

    @AfterAll
    void stop() {
        rig.close();
    }

    @Test
    void tasksStayRunningThroughAThirtySecondOutageAndCatchUp() {
        rig.emulator.bulkCreateCustomers(SEEDED, "customer ", "seeded-");
        rig.cluster.configureConnector(ReliabilityRig.SOURCE, rig.sourceConfig());
        rig.cluster.configureConnector(ReliabilityRig.SINK, rig.sinkConfig(1));
        ConnectTestClusters.awaitRunning(rig.cluster, ReliabilityRig.SOURCE, 1);
        ConnectTestClusters.awaitRunning(rig.cluster, ReliabilityRig.SINK, 1);
        rig.awaitStableGroup(1);
        await("first scan").atMost(ReliabilityRig.LONG_WAIT)
                .until(() -> rig.latestCustomers(rig.customerRecords()).size() == SEEDED);

        CommandScript script = new CommandScript("outage-", 40, 400, 11);
        rig.emulator.close();
        long requestsBefore = total();
        rig.produce(script.jsonRecords());
        rig.emulator.bulkCreateCustomers(10, "created while down ", "while-down-"); // state only: no server
        await("both connectors RUNNING for the whole outage").during(OUTAGE).atMost(OUTAGE.plusMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> rig.running(ReliabilityRig.SOURCE, 1) && rig.running(ReliabilityRig.SINK, 1));
        assertThat(total()).as("no request reached the stopped emulator").isEqualTo(requestsBefore);
        rig.emulator.start();

        List<JsonNode> results = rig.awaitResults(script.commands.size());
        assertThat(results).extracting(r -> r.path("status").asText()).doesNotContain("REJECTED");
        assertThat(results.stream().map(r -> r.path("command_id").asText()).distinct().count())
                .isEqualTo(script.commands.size());
        assertThat(script.mismatches(rig.emulator.customers())).as("customers that differ from the model").isEmpty();
        assertThat(rig.emulator.customers()).as("no twin customers").hasSize(SEEDED + 10 + 40);
        await("the customers topic caught up with Metronome").atMost(ReliabilityRig.LONG_WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(rig.latestCustomers(rig.customerRecords()))
                        .isEqualTo(rig.emulatorCustomers()));
        assertThat(rig.running(ReliabilityRig.SOURCE, 1) && rig.running(ReliabilityRig.SINK, 1)).isTrue();
        assertThat(ConnectTestClusters.readAll(rig.cluster, ReliabilityRig.DLQ_TOPIC)).isEmpty();
    }

    private long total() {
        return rig.emulator.requestCounts().values().stream().mapToLong(Long::longValue).sum();
    }
}
