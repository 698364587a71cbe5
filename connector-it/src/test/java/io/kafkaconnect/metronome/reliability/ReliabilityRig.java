package io.kafkaconnect.metronome.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.EmulatorAndCluster;
import io.kafkaconnect.metronome.testkit.TestConnectorConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * What the reliability ITs share: the emulator and one Connect cluster (JsonConverter with schemas), a source
 * connector copying customers and a sink connector applying commands against it, and readers of what arrived.
 */
final class ReliabilityRig implements AutoCloseable {

    static final Duration LONG_WAIT = Duration.ofMinutes(4);
    static final String SOURCE = "reliability-source";
    static final String SINK = "reliability-sink";
    static final String CUSTOMERS_TOPIC = "reliability.customers";
    static final String COMMANDS_TOPIC = "reliability.commands";
    static final String RESULTS_TOPIC = "reliability.results";
    static final String DLQ_TOPIC = "reliability.dlq";
    private static final ObjectMapper JSON = new ObjectMapper();

    final MetronomeEmulator emulator;
    final EmbeddedConnectCluster cluster;
    private final EmulatorAndCluster started;

    ReliabilityRig(ConnectTestClusters.Builder builder) {
        started = new EmulatorAndCluster(builder);
        emulator = started.emulator();
        cluster = started.cluster();
        cluster.kafka().createTopic(COMMANDS_TOPIC, 4);
        cluster.kafka().createTopic(RESULTS_TOPIC, 1);
        cluster.kafka().createTopic(DLQ_TOPIC, 1);
        cluster.kafka().createTopic(CUSTOMERS_TOPIC, 1);
    }

    /** The customers stream, rescanned every second, 50 customers per page, retrying fast. */
    Map<String, String> sourceConfig() {
        Map<String, String> config = TestConnectorConfigs.source(emulator, "customers", "reliability");
        config.put("customers.page.size", "50");
        return config;
    }

    /** Commands as JSON text, results without schemas, a dead-letter queue that must stay empty. */
    Map<String, String> sinkConfig(int tasks) {
        Map<String, String> config = TestConnectorConfigs.withDeadLetterQueue(
                TestConnectorConfigs.sink(emulator, cluster, COMMANDS_TOPIC, RESULTS_TOPIC), DLQ_TOPIC);
        config.put("tasks.max", String.valueOf(tasks));
        return config;
    }

    /** Sends {@code key → value} records to the commands topic in order. */
    void produce(List<Map.Entry<String, byte[]>> records) {
        ConnectTestClusters.produce(cluster, COMMANDS_TOPIC, records);
    }

    /** Waits until the sink's consumer group is stable with {@code members} members, each with partitions. */
    void awaitStableGroup(int members) {
        ConnectTestClusters.awaitStableSinkGroup(cluster, SINK, members, LONG_WAIT);
    }

    /** The results topic once it holds results for {@code commandIds.size()} distinct command ids, parsed. */
    List<JsonNode> awaitResults(int distinct) {
        return ConnectTestClusters.readUntil(cluster, RESULTS_TOPIC, Map.of(),
                        records -> records.stream().map(r -> json(r.value()).path("command_id").asText())
                                .distinct().count() >= distinct, LONG_WAIT)
                .stream().map(r -> json(r.value())).toList();
    }

    /** Every committed customer record's payload (tombstones as null), in topic order, up to the stable end. */
    List<Map.Entry<String, JsonNode>> customerRecords() {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Map<String, Object> props = Map.of(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long deadline = System.nanoTime() + LONG_WAIT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.kafka().createConsumer(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(CUSTOMERS_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // read_committed: the stable end
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("cannot read " + CUSTOMERS_TOPIC + " up to " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records.stream().map(r -> Map.entry(json(r.key()).path("payload").path("id").asText(),
                r.value() == null ? JSON.nullNode() : json(r.value()).path("payload"))).toList();
    }

    /** Customer id → name and ingest aliases of its last record in the customers topic. */
    Map<String, String> latestCustomers(List<Map.Entry<String, JsonNode>> records) {
        Map<String, String> latest = new LinkedHashMap<>();
        records.forEach(e -> latest.put(e.getKey(), e.getValue().path("name").asText() + " "
                + e.getValue().path("ingest_aliases")));
        return latest;
    }

    /** Customer id → name and ingest aliases in the emulator now. */
    Map<String, String> emulatorCustomers() {
        Map<String, String> customers = new LinkedHashMap<>();
        emulator.customers().forEach(c -> customers.put(c.id(), c.name() + " " + JSON.valueToTree(c.ingestAliases())));
        return customers;
    }

    /** True when the connector and all its tasks are RUNNING; fails at once when one is FAILED. */
    boolean running(String connector, int tasks) {
        return ConnectTestClusters.isRunning(cluster, connector, tasks);
    }

    /** Records equal to the previous record of the same customer: a change emitted twice. */
    static List<String> repeatedRecords(List<Map.Entry<String, JsonNode>> records) {
        Map<String, JsonNode> previous = new HashMap<>();
        List<String> repeated = new ArrayList<>();
        for (Map.Entry<String, JsonNode> record : records) {
            if (record.getValue().equals(previous.put(record.getKey(), record.getValue()))) {
                repeated.add(record.getKey() + " " + record.getValue());
            }
        }
        return repeated;
    }

    static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        started.close();
    }
}
