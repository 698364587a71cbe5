package io.kafkaconnect.metronome.testkit;

import io.kafkaconnect.metronome.config.MetronomeConnectionConfig;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.sink.MetronomeSinkConfig;
import io.kafkaconnect.metronome.sink.MetronomeSinkConnector;
import io.kafkaconnect.metronome.source.MetronomeSourceConfig;
import io.kafkaconnect.metronome.source.MetronomeSourceConnector;
import io.kafkaconnect.metronome.usage.MetronomeUsageSinkConfig;
import io.kafkaconnect.metronome.usage.MetronomeUsageSinkConnector;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.runtime.ConnectorConfig;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * The connector configurations the ITs start from: one task talking to an emulator, with no request-rate limit and
 * short retry backoffs so that fault tests take seconds. Every call returns a new mutable map for the test to adjust.
 */
public final class TestConnectorConfigs {

    private TestConnectorConfigs() {
    }

    /** A source connector emitting {@code streams} (comma-separated) to {@code <topicPrefix>.<stream>}, polling every second. */
    public static Map<String, String> source(MetronomeEmulator emulator, String streams, String topicPrefix) {
        Map<String, String> config = connection(emulator);
        config.put(ConnectorConfig.CONNECTOR_CLASS_CONFIG, MetronomeSourceConnector.class.getName());
        config.put(MetronomeSourceConfig.STREAMS, streams);
        config.put(MetronomeSourceConfig.TOPIC_PREFIX, topicPrefix);
        config.put(MetronomeSourceConfig.POLL_INTERVAL_MS, "1000");
        return config;
    }

    /**
     * A sink connector reading commands as JSON text from {@code commandsTopic} and writing schemaless JSON results to
     * {@code resultsTopic}, with no dead-letter queue ({@link #withDeadLetterQueue} adds one).
     */
    public static Map<String, String> sink(MetronomeEmulator emulator, EmbeddedConnectCluster cluster,
                                           String commandsTopic, String resultsTopic) {
        Map<String, String> config = connection(emulator);
        config.put(ConnectorConfig.CONNECTOR_CLASS_CONFIG, MetronomeSinkConnector.class.getName());
        config.put(SinkConnectorConfig.TOPICS_CONFIG, commandsTopic);
        config.put(ConnectorConfig.KEY_CONVERTER_CLASS_CONFIG, StringConverter.class.getName());
        config.put(ConnectorConfig.VALUE_CONVERTER_CLASS_CONFIG, StringConverter.class.getName());
        config.put(MetronomeSinkConfig.RETRY_BACKOFF_MS, "100");
        config.put(MetronomeSinkConfig.RETRY_BACKOFF_MAX_MS, "2000");
        config.put(MetronomeSinkConfig.RESULTS_TOPIC, resultsTopic);
        config.put(MetronomeSinkConfig.RESULTS_BOOTSTRAP_SERVERS, cluster.kafka().bootstrapServers());
        config.put(MetronomeSinkConfig.RESULTS_CONVERTER_PREFIX + "schemas.enable", "false");
        return config;
    }

    /**
     * A usage sink reading {@code usageTopic} as JSON text (StringConverter), with short retry backoffs and no
     * dead-letter queue ({@link #withDeadLetterQueue} adds one).
     */
    public static Map<String, String> usageSink(MetronomeEmulator emulator, String usageTopic) {
        Map<String, String> config = connection(emulator);
        config.put(ConnectorConfig.CONNECTOR_CLASS_CONFIG, MetronomeUsageSinkConnector.class.getName());
        config.put(SinkConnectorConfig.TOPICS_CONFIG, usageTopic);
        config.put(ConnectorConfig.KEY_CONVERTER_CLASS_CONFIG, StringConverter.class.getName());
        config.put(ConnectorConfig.VALUE_CONVERTER_CLASS_CONFIG, StringConverter.class.getName());
        config.put(MetronomeUsageSinkConfig.RETRY_BACKOFF_MS, "100");
        config.put(MetronomeUsageSinkConfig.RETRY_BACKOFF_MAX_MS, "2000");
        return config;
    }

    /** {@code config} with rejected records going to {@code dlqTopic}, their reason in Connect's context headers. */
    public static Map<String, String> withDeadLetterQueue(Map<String, String> config, String dlqTopic) {
        config.put(ConnectorConfig.ERRORS_TOLERANCE_CONFIG, "all");
        config.put(SinkConnectorConfig.DLQ_TOPIC_NAME_CONFIG, dlqTopic);
        config.put(SinkConnectorConfig.DLQ_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
        config.put(SinkConnectorConfig.DLQ_CONTEXT_HEADERS_ENABLE_CONFIG, "true");
        return config;
    }

    private static Map<String, String> connection(MetronomeEmulator emulator) {
        Map<String, String> config = new HashMap<>();
        config.put(ConnectorConfig.TASKS_MAX_CONFIG, "1");
        config.put(MetronomeConnectionConfig.API_URL, emulator.baseUrl());
        config.put(MetronomeConnectionConfig.API_TOKEN, emulator.token());
        config.put(MetronomeConnectionConfig.REQUESTS_PER_SECOND, "0");
        config.put(MetronomeConnectionConfig.RETRY_BACKOFF_MS, "50");
        config.put(MetronomeConnectionConfig.RETRY_BACKOFF_MAX_MS, "1000");
        return config;
    }
}
