package io.kafkaconnect.metronome.quickstart.compose;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configuration an image builds from its container's environment, as its entry scripts do. Both images turn
 * {@code <PREFIX>_SOME_NAME} into {@code some.name}: prefix stripped, lower-cased, {@code ___} to {@code -},
 * {@code __} to {@code _}, {@code _} to {@code .} (apache/kafka's KafkaDockerWrapper; Confluent's {@code ub}
 * ConvertKey).
 */
public final class ImageEnvironment {

    /** apache/kafka: KAFKA_* that configure the JVM or logging, not the broker (KafkaDockerWrapper). */
    private static final Set<String> KAFKA_NOT_SERVER_PROPERTIES = Set.of("KAFKA_VERSION", "KAFKA_HEAP_OPT",
            "KAFKA_LOG4J_OPTS", "KAFKA_OPTS", "KAFKA_JMX_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_GC_LOG_OPTS", "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL",
            "KAFKA_JMX_HOSTNAME");

    /** apache/kafka's configureDefaults: set for every variable left unset (KRaft, single node). */
    private static final Map<String, String> KAFKA_DEFAULTS = Map.ofEntries(
            Map.entry("CLUSTER_ID", "5L6g3nShT-eMCtK--X86sw"),
            Map.entry("KAFKA_NODE_ID", "1"),
            Map.entry("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PLAINTEXT_HOST:PLAINTEXT"),
            Map.entry("KAFKA_LISTENERS", "PLAINTEXT://localhost:29092,CONTROLLER://localhost:29093,PLAINTEXT_HOST://0.0.0.0:9092"),
            Map.entry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://localhost:29092,PLAINTEXT_HOST://localhost:9092"),
            Map.entry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1"),
            Map.entry("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0"),
            Map.entry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1"),
            Map.entry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1"),
            Map.entry("KAFKA_PROCESS_ROLES", "broker,controller"),
            Map.entry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:29093"),
            Map.entry("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT"),
            Map.entry("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER"),
            Map.entry("KAFKA_LOG_DIRS", "/tmp/kraft-combined-logs"));

    /** cp-kafka-connect's configure script refuses to start without these. */
    private static final List<String> CONNECT_REQUIRED = List.of("CONNECT_BOOTSTRAP_SERVERS", "CONNECT_GROUP_ID",
            "CONNECT_CONFIG_STORAGE_TOPIC", "CONNECT_OFFSET_STORAGE_TOPIC", "CONNECT_STATUS_STORAGE_TOPIC",
            "CONNECT_KEY_CONVERTER", "CONNECT_VALUE_CONVERTER", "CONNECT_REST_ADVERTISED_HOST_NAME");
    private static final String CONFLUENT_AVRO_CONVERTER = "io.confluent.connect.avro.AvroConverter";

    private ImageEnvironment() {
    }

    /** {@code LISTENER_SECURITY_PROTOCOL_MAP} → {@code listener.security.protocol.map}. */
    public static String propertyName(String variableWithoutPrefix) {
        StringBuilder name = new StringBuilder();
        int i = 0;
        while (i < variableWithoutPrefix.length()) {
            char c = variableWithoutPrefix.charAt(i);
            if (c != '_') {
                name.append(Character.toLowerCase(c));
                i++;
                continue;
            }
            int run = 0;
            while (i < variableWithoutPrefix.length() && variableWithoutPrefix.charAt(i) == '_') {
                run++;
                i++;
            }
            name.append(switch (run) {
                case 1 -> ".";
                case 2 -> "_";
                case 3 -> "-";
                default -> throw new IllegalArgumentException("Runs of " + run + " underscores have no meaning: "
                        + variableWithoutPrefix);
            });
        }
        return name.toString();
    }

    /**
     * apache/kafka: the environment after the image's {@code configureDefaults} (which {@code run} applies unless
     * ZooKeeper is configured): every variable it knows that is unset or empty gets its default.
     */
    public static Map<String, String> apacheKafkaEnvironment(Map<String, String> environment) {
        Map<String, String> effective = new LinkedHashMap<>(environment);
        if (!effective.containsKey("KAFKA_ZOOKEEPER_CONNECT")) {
            KAFKA_DEFAULTS.forEach((name, value) -> {
                if (effective.getOrDefault(name, "").isEmpty()) {
                    effective.put(name, value);
                }
            });
        }
        if (effective.containsKey("KAFKA_PROCESS_ROLES") && effective.getOrDefault("CLUSTER_ID", "").isEmpty()) {
            throw new IllegalArgumentException("apache/kafka in KRaft mode needs CLUSTER_ID");
        }
        return effective;
    }

    /** apache/kafka: server.properties from the effective environment (see {@link #apacheKafkaEnvironment}). */
    public static Map<String, String> apacheKafkaServerProperties(Map<String, String> environment) {
        Map<String, String> properties = new TreeMap<>();
        apacheKafkaEnvironment(environment).forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !KAFKA_NOT_SERVER_PROPERTIES.contains(name)) {
                properties.put(propertyName(name.substring("KAFKA_".length())), value);
            }
        });
        return properties;
    }

    /** cp-kafka-connect: the worker properties its configure script renders (kafka-connect.properties.template). */
    public static Map<String, String> confluentConnectWorkerProperties(Map<String, String> environment) {
        Map<String, String> effective = new LinkedHashMap<>(environment);
        for (String required : CONNECT_REQUIRED) {
            requireSet(effective, required);
        }
        effective.putIfAbsent("CONNECT_REST_PORT", "8083");
        if (CONFLUENT_AVRO_CONVERTER.equals(effective.get("CONNECT_KEY_CONVERTER"))) {
            requireSet(effective, "CONNECT_KEY_CONVERTER_SCHEMA_REGISTRY_URL");
        }
        if (CONFLUENT_AVRO_CONVERTER.equals(effective.get("CONNECT_VALUE_CONVERTER"))) {
            requireSet(effective, "CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_URL");
        }
        Map<String, String> properties = new TreeMap<>();
        effective.forEach((name, value) -> {
            if (name.startsWith("CONNECT_")) {
                properties.put(propertyName(name.substring("CONNECT_".length())), value);
            }
        });
        return properties;
    }

    private static void requireSet(Map<String, String> environment, String name) {
        if (!environment.containsKey(name)) {
            throw new IllegalArgumentException("The Confluent Connect image exits at start: " + name
                    + " environment variable not set");
        }
    }
}
