package io.kafkaconnect.metronome.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.ConnectorConfig;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Checks a KafkaConnector's {@code spec.config} against what the worker would accept for the connector class:
 * every key is one the connector's {@link ConfigDef} or Connect's own connector config defines (or lies under one
 * of their prefixes), and every value passes their validators. A misspelt key would otherwise be ignored
 * silently and its setting left at the default.
 */
final class ConnectorConfigCheck {

    /** Prefixes Connect itself reads from a connector config (converter settings, SMTs, client overrides). */
    private static final List<String> CONNECT_PREFIXES = List.of(
            ConnectorConfig.KEY_CONVERTER_CLASS_CONFIG + ".",
            ConnectorConfig.VALUE_CONVERTER_CLASS_CONFIG + ".",
            ConnectorConfig.HEADER_CONVERTER_CLASS_CONFIG + ".",
            ConnectorConfig.TRANSFORMS_CONFIG + ".",
            ConnectorConfig.PREDICATES_PREFIX,
            ConnectorConfig.CONNECTOR_CLIENT_PRODUCER_OVERRIDES_PREFIX,
            ConnectorConfig.CONNECTOR_CLIENT_CONSUMER_OVERRIDES_PREFIX,
            ConnectorConfig.CONNECTOR_CLIENT_ADMIN_OVERRIDES_PREFIX);

    private final Connector connector;
    private final ConfigDef connectDef;
    private final List<String> prefixes = new ArrayList<>(CONNECT_PREFIXES);

    /** {@code connectorPrefixes}: prefixes the connector passes on itself, e.g. to its own converter. */
    ConnectorConfigCheck(Connector connector, String... connectorPrefixes) {
        this.connector = connector;
        if (connector instanceof SourceConnector) {
            connectDef = SourceConnectorConfig.configDef();
            prefixes.add(SourceConnectorConfig.TOPIC_CREATION_PREFIX);
        } else if (connector instanceof SinkConnector) {
            connectDef = SinkConnectorConfig.configDef();
        } else {
            throw new IllegalArgumentException(connector.getClass() + " is neither a source nor a sink connector");
        }
        prefixes.addAll(Arrays.asList(connectorPrefixes));
    }

    /** Keys that neither the connector nor Connect defines. */
    Set<String> undefinedKeys(Map<String, ?> config) {
        Set<String> undefined = new TreeSet<>();
        for (String key : config.keySet()) {
            boolean defined = connector.config().names().contains(key) || connectDef.names().contains(key)
                    || prefixes.stream().anyMatch(key::startsWith);
            if (!defined) {
                undefined.add(key);
            }
        }
        return undefined;
    }

    /**
     * Validation errors of the keys present, by key. Class-valued keys (converters) are left out: their classes
     * come with the Connect image, not with this test's classpath.
     */
    Map<String, List<String>> invalidValues(Map<String, ?> config) {
        Map<String, String> strings = new LinkedHashMap<>();
        config.forEach((key, value) -> strings.put(key, String.valueOf(value)));
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (ConfigDef def : List.of(connector.config(), connectDef)) {
            for (ConfigValue value : def.validate(strings)) {
                ConfigDef.ConfigKey key = def.configKeys().get(value.name());
                if (strings.containsKey(value.name()) && key.type != ConfigDef.Type.CLASS
                        && !value.errorMessages().isEmpty()) {
                    errors.put(value.name(), value.errorMessages());
                }
            }
        }
        return errors;
    }

    /** The keys of the config whose values name a class: converters, and the connector's own class settings. */
    Set<String> classKeys(Map<String, ?> config) {
        Set<String> keys = new TreeSet<>();
        for (ConfigDef def : List.of(connector.config(), connectDef)) {
            def.configKeys().values().stream()
                    .filter(key -> key.type == ConfigDef.Type.CLASS && config.containsKey(key.name))
                    .forEach(key -> keys.add(key.name));
        }
        return keys;
    }
}
