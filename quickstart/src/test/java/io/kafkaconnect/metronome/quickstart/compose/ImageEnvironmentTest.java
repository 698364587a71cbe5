package io.kafkaconnect.metronome.quickstart.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The images' environment-to-configuration rules, as their entry scripts apply them. */
class ImageEnvironmentTest {

    @Test
    void underscoresBecomeDotsDoubleOnesUnderscoresTripleOnesDashes() {
        assertThat(ImageEnvironment.propertyName("LISTENER_SECURITY_PROTOCOL_MAP")).isEqualTo("listener.security.protocol.map");
        assertThat(ImageEnvironment.propertyName("CONFIG_PROVIDERS_ENV_CLASS")).isEqualTo("config.providers.env.class");
        assertThat(ImageEnvironment.propertyName("SOME__SNAKE_NAME")).isEqualTo("some_snake.name");
        assertThat(ImageEnvironment.propertyName("LISTENER_NAME_INTERNAL_SASL___MECHANISMS"))
                .isEqualTo("listener.name.internal.sasl-mechanisms");
        assertThatThrownBy(() -> ImageEnvironment.propertyName("A____B")).hasMessageContaining("4 underscores");
    }

    @Test
    void apacheKafkaBuildsServerPropertiesFromKafkaVariablesOnly() {
        Map<String, String> properties = ImageEnvironment.apacheKafkaServerProperties(Map.of(
                "KAFKA_NODE_ID", "7",
                "KAFKA_ADVERTISED_LISTENERS", "INTERNAL://kafka:29092",
                "KAFKA_OPTS", "-Dsome.jvm=option",
                "KAFKA_HEAP_OPT", "-Xmx1g",
                "CLUSTER_ID", "FMv_0gkliUx_vreANga1Ng",
                "METRONOME_API_URL", "http://emulator:8089"));

        assertThat(properties).containsEntry("node.id", "7")
                .containsEntry("advertised.listeners", "INTERNAL://kafka:29092")
                .doesNotContainKeys("opts", "heap.opt", "cluster.id", "metronome.api.url");
    }

    @Test
    void apacheKafkaFillsWhatIsUnsetWithTheImageDefaults() {
        Map<String, String> environment = ImageEnvironment.apacheKafkaEnvironment(Map.of("KAFKA_NODE_ID", "2"));
        Map<String, String> properties = ImageEnvironment.apacheKafkaServerProperties(Map.of("KAFKA_NODE_ID", "2"));

        assertThat(environment).containsEntry("CLUSTER_ID", "5L6g3nShT-eMCtK--X86sw");
        assertThat(properties).containsEntry("node.id", "2").containsEntry("log.dirs", "/tmp/kraft-combined-logs")
                .containsEntry("process.roles", "broker,controller");
        assertThat(ImageEnvironment.apacheKafkaServerProperties(Map.of("KAFKA_ZOOKEEPER_CONNECT", "zk:2181")))
                .as("no defaults with ZooKeeper").containsOnlyKeys("zookeeper.connect");
    }

    @Test
    void confluentConnectBuildsWorkerPropertiesAndDefaultsTheRestPort() {
        Map<String, String> properties = ImageEnvironment.confluentConnectWorkerProperties(connectEnvironment());

        assertThat(properties).containsEntry("bootstrap.servers", "kafka:29092")
                .containsEntry("value.converter.schema.registry.url", "http://schema-registry:8081")
                .containsEntry("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider")
                .containsEntry("rest.port", "8083")
                .doesNotContainKey("metronome.api.token");
    }

    @Test
    void confluentConnectRefusesToStartWithoutWhatItsConfigureScriptEnsures() {
        Map<String, String> noGroup = connectEnvironment();
        noGroup.remove("CONNECT_GROUP_ID");
        assertThatThrownBy(() -> ImageEnvironment.confluentConnectWorkerProperties(noGroup))
                .hasMessageContaining("CONNECT_GROUP_ID environment variable not set");

        Map<String, String> avroWithoutRegistry = connectEnvironment();
        avroWithoutRegistry.remove("CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_URL");
        assertThatThrownBy(() -> ImageEnvironment.confluentConnectWorkerProperties(avroWithoutRegistry))
                .hasMessageContaining("CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_URL");
    }

    private static Map<String, String> connectEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CONNECT_BOOTSTRAP_SERVERS", "kafka:29092");
        environment.put("CONNECT_GROUP_ID", "g");
        environment.put("CONNECT_CONFIG_STORAGE_TOPIC", "c");
        environment.put("CONNECT_OFFSET_STORAGE_TOPIC", "o");
        environment.put("CONNECT_STATUS_STORAGE_TOPIC", "s");
        environment.put("CONNECT_KEY_CONVERTER", "org.apache.kafka.connect.storage.StringConverter");
        environment.put("CONNECT_VALUE_CONVERTER", "io.confluent.connect.avro.AvroConverter");
        environment.put("CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_URL", "http://schema-registry:8081");
        environment.put("CONNECT_REST_ADVERTISED_HOST_NAME", "connect");
        environment.put("CONNECT_CONFIG_PROVIDERS_ENV_CLASS", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        environment.put("METRONOME_API_TOKEN", "dev-token");
        return environment;
    }
}
