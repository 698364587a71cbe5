package io.kafkaconnect.metronome.sink;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.EmulatorAndCluster;
import io.kafkaconnect.metronome.testkit.TestConnectorConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * What the sink ITs share: the emulator, one Connect cluster, the commands/results/DLQ topics, a connector
 * configuration with a dead-letter queue, and readers of the results.
 */
final class SinkTestRig implements AutoCloseable {

    static final Duration LONG_WAIT = Duration.ofMinutes(3);
    static final ObjectMapper JSON = new ObjectMapper();

    final MetronomeEmulator emulator;
    final EmbeddedConnectCluster cluster;
    private final EmulatorAndCluster started;

    SinkTestRig(String name, ConnectTestClusters.Builder builder) {
        started = new EmulatorAndCluster(builder.name(name));
        emulator = started.emulator();
        cluster = started.cluster();
    }

    /** Creates the commands topic (keyed by customer, so one customer stays in one partition) and its outputs. */
    void createTopics(String commands, int partitions, String results, String dlq) {
        cluster.kafka().createTopic(commands, partitions);
        cluster.kafka().createTopic(results, 1);
        cluster.kafka().createTopic(dlq, 1);
    }

    /** A sink reading {@code commands} as JSON text (StringConverter), with a DLQ that records the reason. */
    Map<String, String> connectorConfig(String commands, String results, String dlq, int tasks) {
        Map<String, String> config = TestConnectorConfigs.withDeadLetterQueue(
                TestConnectorConfigs.sink(emulator, cluster, commands, results), dlq);
        config.put("tasks.max", String.valueOf(tasks));
        config.put("consumer.override.max.poll.records", "500");
        return config;
    }

    /** Sends {@code key → value} records in order (one customer's commands keep their order in its partition). */
    void produce(String topic, List<Map.Entry<String, byte[]>> records) {
        ConnectTestClusters.produce(cluster, topic, records);
    }

    /** Waits until the sink's consumer group is stable with {@code members} members, each with partitions. */
    void awaitStableGroup(String connector, int members) {
        ConnectTestClusters.awaitStableSinkGroup(cluster, connector, members, LONG_WAIT);
    }

    /** The results topic once it holds at least {@code count} results, parsed. */
    List<JsonNode> awaitResults(String topic, int count) {
        return ConnectTestClusters.readUntil(cluster, topic, Map.of(), r -> r.size() >= count, LONG_WAIT)
                .stream().map(r -> parse(r.value())).toList();
    }

    /** Every record in {@code topic} now. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return ConnectTestClusters.readAll(cluster, topic);
    }

    /** Stops the connector, deletes its consumer offsets through the REST API (KIP-875) and resumes it. */
    void resetOffsetsAndResume(String connector) throws InterruptedException {
        ConnectTestClusters.stopAndAwaitTasksGone(cluster, connector);
        cluster.resetConnectorOffsets(connector);
        await().atMost(LONG_WAIT).until(() -> cluster.connectorOffsets(connector).offsets().isEmpty());
        cluster.resumeConnector(connector);
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        started.close();
    }
}
