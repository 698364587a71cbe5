package io.kafkaconnect.metronome.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.ConnectClusterExtension;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import io.kafkaconnect.metronome.testkit.TestConnectorConfigs;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tasks' metrics, read over JMX from the platform MBean server of the worker running them. */
class TaskMetricsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("metrics-token");
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(
            ConnectTestClusters.builder().name("metrics-it").jsonConverters());

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final EmbeddedConnectCluster connect = CONNECT.cluster();
    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @Test
    void sourceTaskPublishesRequestsRecordsPerStreamAndLastPoll() throws Exception {
        emulator.bulkCreateCustomers(3, "Metrics customer ", "metrics-customer-");
        connect.configureConnector("metrics-source", TestConnectorConfigs.source(emulator, "customers", "metrics"));
        ConnectTestClusters.awaitRunning(connect, "metrics-source", 1);

        ObjectName task = new ObjectName("kafka.connect.metronome:type=source-task-metrics,connector=metrics-source,task=0");
        ObjectName customers = new ObjectName(
                "kafka.connect.metronome:type=source-task-metrics,connector=metrics-source,task=0,stream=customers");
        await().atMost(TIMEOUT).until(() -> jmx.isRegistered(customers)
                && ((Number) jmx.getAttribute(customers, "records-emitted-total")).longValue() >= 3);
        // The task's own requests: at least the page that brought the customers, at most all the emulator saw
        // (the connector's config validation calls it too).
        long requests = ((Number) jmx.getAttribute(task, "api-requests-total")).longValue();
        assertThat(requests).isPositive()
                .isLessThanOrEqualTo(emulator.requestCounts().values().stream().mapToLong(Long::longValue).sum());
        assertThat(((Number) jmx.getAttribute(task, "last-successful-poll-timestamp")).longValue())
                .isGreaterThan(System.currentTimeMillis() - TIMEOUT.toMillis());
        assertThat(((Number) jmx.getAttribute(task, "api-throttled-total")).longValue()).isZero();

        connect.deleteConnector("metrics-source");
        await().atMost(TIMEOUT).until(() -> !jmx.isRegistered(task) && !jmx.isRegistered(customers));
    }

    @Test
    void sinkTaskPublishesCommandOutcomesAndInFlight() throws Exception {
        connect.kafka().createTopic("metrics.commands", 1);
        Map<String, String> sink = TestConnectorConfigs.sink(emulator, connect, "metrics.commands", "metrics.results");
        sink.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        sink.put("value.converter.schemas.enable", "false");
        connect.configureConnector("metrics-sink", sink);
        ConnectTestClusters.awaitRunning(connect, "metrics-sink", 1);

        ObjectName task = new ObjectName("kafka.connect.metronome:type=sink-task-metrics,connector=metrics-sink,task=0");
        await().atMost(TIMEOUT).until(() -> jmx.isRegistered(task));
        for (Map.Entry<String, String> command : List.of(
                Map.entry("metrics-sink-1", "{\"command_id\":\"m-1\",\"action\":\"CREATE\",\"ingest_alias\":\"metrics-sink-1\",\"name\":\"One\"}"),
                Map.entry("metrics-sink-1", "{\"command_id\":\"m-2\",\"action\":\"SET_NAME\",\"ingest_alias\":\"metrics-sink-1\",\"name\":\"Uno\"}"),
                Map.entry("nobody-owns-this", "{\"command_id\":\"m-3\",\"action\":\"SET_NAME\",\"ingest_alias\":\"nobody-owns-this\",\"name\":\"X\"}"))) {
            connect.kafka().produce("metrics.commands", command.getKey(), command.getValue()); // keyed by customer
        }

        await().atMost(TIMEOUT).until(() -> ((Number) jmx.getAttribute(task, "commands-applied-total")).longValue() == 2
                && ((Number) jmx.getAttribute(task, "commands-rejected-total")).longValue() == 1);
        assertThat(((Number) jmx.getAttribute(task, "commands-already-applied-total")).longValue()).isZero();
        assertThat(((Number) jmx.getAttribute(task, "commands-in-flight")).longValue()).isZero();
        assertThat(((Number) jmx.getAttribute(task, "api-requests-total")).longValue()).isPositive();
        assertThat(((Number) jmx.getAttribute(task, "last-successful-request-timestamp")).longValue())
                .isGreaterThan(System.currentTimeMillis() - TIMEOUT.toMillis());
    }

    @Test
    void usageSinkTaskPublishesEventsIngestedRejectedInFlightAndBatchSize() throws Exception {
        connect.kafka().createTopic("metrics.usage", 1);
        Map<String, String> sink = TestConnectorConfigs.withDeadLetterQueue(
                TestConnectorConfigs.usageSink(emulator, "metrics.usage"), "metrics.usage.dlq");
        connect.configureConnector("metrics-usage", sink);
        ConnectTestClusters.awaitRunning(connect, "metrics-usage", 1);

        ObjectName task = new ObjectName(
                "kafka.connect.metronome:type=usage-sink-task-metrics,connector=metrics-usage,task=0");
        await().atMost(TIMEOUT).until(() -> jmx.isRegistered(task));
        String time = emulator.now().minusSeconds(60).toString();
        for (int i = 0; i < 5; i++) { // events of no known customer are accepted (as unmatched)
            connect.kafka().produce("metrics.usage", null, "{\"customer_id\":\"metrics-usage\",\"event_type\":\"e\","
                    + "\"timestamp\":\"" + time + "\"}");
        }
        connect.kafka().produce("metrics.usage", null, "{\"customer_id\":\"metrics-usage\",\"event_type\":\"e\"}");

        await().atMost(TIMEOUT).until(() -> ((Number) jmx.getAttribute(task, "events-ingested-total")).longValue() == 5
                && ((Number) jmx.getAttribute(task, "events-rejected-total")).longValue() == 1);
        assertThat(((Number) jmx.getAttribute(task, "ingest-requests-in-flight")).longValue()).isZero();
        assertThat(((Number) jmx.getAttribute(task, "events-buffered")).longValue()).isZero();
        assertThat(((Number) jmx.getAttribute(task, "batch-size-max")).doubleValue()).isBetween(1.0, 5.0);
        assertThat(((Number) jmx.getAttribute(task, "batch-size-avg")).doubleValue()).isBetween(1.0, 5.0);
        assertThat(((Number) jmx.getAttribute(task, "api-requests-total")).longValue()).isPositive();
        assertThat(((Number) jmx.getAttribute(task, "last-successful-request-timestamp")).longValue())
                .isGreaterThan(System.currentTimeMillis() - TIMEOUT.toMillis());

        connect.deleteConnector("metrics-usage");
        await().atMost(TIMEOUT).until(() -> !jmx.isRegistered(task));
    }
}
