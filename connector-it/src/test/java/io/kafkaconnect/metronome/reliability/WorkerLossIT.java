package io.kafkaconnect.metronome.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.sink.CommandScript;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-worker cluster (two in the test JVM, one in a JVM of its own) runs the exactly-once source and a
 * three-task sink; mid-run the separate worker, holding a sink task, is killed with SIGKILL and started again. No
 * command is lost, no customer is created twice, every command has exactly one result (the new owner of the dead
 * task's partitions finds the results written after its last commit and writes no second one), Metronome ends in
 * the state the commands model, and the committed customers topic holds every customer's current state with no
 * record emitted twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkerLossIT {

    private static final String CLUSTER = "worker-loss-it";
    private static final int SEEDED = 200;
    private static final int SCRIPT_CUSTOMERS = 150;
    private static final int COMMANDS = 1_500;

    @TempDir
    static Path workDir;

    private ReliabilityRig rig;
    private ExternalWorker external;

    @BeforeAll
    void start() {
        Map<String, String> group = ExternalWorker.groupProps(CLUSTER);
        ConnectTestClusters.Builder builder = ConnectTestClusters.builder().name(CLUSTER).workers(2)
                .exactlyOnceSource();
        group.forEach(builder::workerProp);
        rig = new ReliabilityRig(builder);
        external = ExternalWorker.joining(group, rig.cluster.kafka().bootstrapServers(),
                Map.of("exactly.once.source.support", "enabled"), workDir);
        external.start();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (external != null) {
            external.close();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aWorkerKilledMidRunLosesNothingAndCreatesNoTwin() throws InterruptedException {
        rig.emulator.bulkCreateCustomers(SEEDED, "customer ", "seeded-");
        Map<String, String> source = rig.sourceConfig();
        source.put("exactly.once.support", "required");
        // The sink first, so that its three tasks spread over the three workers before the source task comes.
        rig.cluster.configureConnector(ReliabilityRig.SINK, rig.sinkConfig(3));
        ConnectTestClusters.awaitRunning(rig.cluster, ReliabilityRig.SINK, 3);
        rig.cluster.configureConnector(ReliabilityRig.SOURCE, source);
        ConnectTestClusters.awaitRunning(rig.cluster, ReliabilityRig.SOURCE, 1);
        await("the separate worker runs a sink task").atMost(ReliabilityRig.LONG_WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> tasksOnExternalWorker(List.of(ReliabilityRig.SINK)) > 0);
        rig.awaitStableGroup(3);

        CommandScript script = new CommandScript("loss-", SCRIPT_CUSTOMERS, COMMANDS, 31);
        rig.produce(script.jsonRecords());
        ConnectTestClusters.readUntil(rig.cluster, ReliabilityRig.RESULTS_TOPIC, Map.of(),
                r -> r.size() >= COMMANDS / 5, ReliabilityRig.LONG_WAIT);
        int killedSinkTasks = tasksOnExternalWorker(List.of(ReliabilityRig.SINK));
        external.kill();
        external.start();

        rig.awaitResults(COMMANDS);
        // Once every offset is committed no result can follow: the results topic is then final.
        await("every command's offset committed").atMost(ReliabilityRig.LONG_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> committedCommands() == COMMANDS);
        List<JsonNode> results = ConnectTestClusters.readAll(rig.cluster, ReliabilityRig.RESULTS_TOPIC).stream()
                .map(r -> ReliabilityRig.json(r.value())).toList();
        Map<String, Long> resultsPerCommand = results.stream()
                .collect(Collectors.groupingBy(r -> r.path("command_id").asText(), Collectors.counting()));
        assertThat(killedSinkTasks).as("sink tasks on the killed worker").isPositive();
        assertThat(resultsPerCommand).as("a result for every command").hasSize(COMMANDS);
        assertThat(resultsPerCommand.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
                .as("commands with a second result (the killed worker wrote the first)").isEmpty();
        assertThat(results).as("exactly one result per command").hasSize(COMMANDS);
        assertThat(results).extracting(r -> r.path("status").asText()).doesNotContain("REJECTED");
        assertThat(rig.emulator.customers()).as("no twin customers").hasSize(SEEDED + SCRIPT_CUSTOMERS);
        await("Metronome in the model's state").atMost(ReliabilityRig.LONG_WAIT)
                .untilAsserted(() -> assertThat(script.mismatches(rig.emulator.customers())).isEmpty());
        await("the customers topic caught up with Metronome").atMost(ReliabilityRig.LONG_WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(rig.latestCustomers(rig.customerRecords()))
                        .isEqualTo(rig.emulatorCustomers()));
        assertThat(ReliabilityRig.repeatedRecords(rig.customerRecords())).as("customer records emitted twice in a row").isEmpty();
        assertThat(ConnectTestClusters.readAll(rig.cluster, ReliabilityRig.DLQ_TOPIC)).isEmpty();
        ConnectTestClusters.awaitRunning(rig.cluster, ReliabilityRig.SOURCE, 1);
        ConnectTestClusters.awaitRunning(rig.cluster, ReliabilityRig.SINK, 3);
    }

    /** The sum of the sink's committed offsets: the commands it is done with. */
    private long committedCommands() {
        return rig.cluster.connectorOffsets(ReliabilityRig.SINK).offsets().stream()
                .mapToLong(o -> ((Number) o.offset().get("kafka_offset")).longValue())
                .sum();
    }

    private int tasksOnExternalWorker(List<String> connectors) {
        int count = 0;
        for (String connector : connectors) {
            ConnectorStateInfo status = rig.cluster.connectorStatus(connector);
            count += (int) status.tasks().stream()
                    .filter(t -> "RUNNING".equals(t.state()) && external.workerId().equals(t.workerId())).count();
        }
        return count;
    }
}
