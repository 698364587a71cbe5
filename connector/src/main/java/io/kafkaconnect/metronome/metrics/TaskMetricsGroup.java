package io.kafkaconnect.metronome.metrics;

import io.kafkaconnect.metronome.client.ClientStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.utils.Time;

/**
 * One task's metrics, published over JMX as {@code kafka.connect.metronome:type=<group>,connector=<name>,task=<n>}
 * through Kafka's own metrics library; {@link #close()} unregisters the MBeans.
 */
final class TaskMetricsGroup implements AutoCloseable {

    static final String JMX_DOMAIN = "kafka.connect.metronome";

    private final Metrics metrics;
    private final String group;
    private final Map<String, String> taskTags;

    TaskMetricsGroup(String group, String connector, int task) {
        JmxReporter reporter = new JmxReporter();
        // Metrics always adds a "count" metric: as an MBean it would clash between two tasks in one worker.
        reporter.configure(Map.of(JmxReporter.EXCLUDE_CONFIG, ".*type=kafka-metrics-count.*"));
        this.metrics = new Metrics(new MetricConfig(), List.of(reporter), Time.SYSTEM,
                new KafkaMetricsContext(JMX_DOMAIN));
        this.group = group;
        this.taskTags = new LinkedHashMap<>();
        taskTags.put("connector", connector);
        taskTags.put("task", Integer.toString(task));
    }

    /** The Metronome client's counters, the same for source and sink tasks. */
    void addClientStats(ClientStats stats) {
        gauge("api-requests-total", "HTTP requests sent to Metronome, retries included.", stats::requests);
        gauge("api-retries-total", "Requests sent again after a retriable failure.", stats::retries);
        gauge("api-throttled-total", "429 (rate limited) answers from Metronome.", stats::throttled);
        gauge("api-failures-total", "Metronome calls that failed for good, after their retries.", stats::failures);
    }

    void gauge(String name, String description, LongSupplier value) {
        gauge(name, description, Map.of(), value);
    }

    /** A gauge with tags beyond connector and task, e.g. the stream. */
    void gauge(String name, String description, Map<String, String> extraTags, LongSupplier value) {
        Map<String, String> tags = new LinkedHashMap<>(taskTags);
        tags.putAll(extraTags);
        metrics.addMetric(metrics.metricName(name, group, description, tags),
                (Gauge<Long>) (config, now) -> value.getAsLong());
    }

    /** A distribution of recorded values, published as {@code <name>-avg} and {@code <name>-max}. */
    Sensor avgMax(String name, String what) {
        Sensor sensor = metrics.sensor(name);
        sensor.add(metrics.metricName(name + "-avg", group, "Average " + what + ".", taskTags), new Avg());
        sensor.add(metrics.metricName(name + "-max", group, "Maximum " + what + ".", taskTags), new Max());
        return sensor;
    }

    @Override
    public void close() {
        metrics.close();
    }
}
