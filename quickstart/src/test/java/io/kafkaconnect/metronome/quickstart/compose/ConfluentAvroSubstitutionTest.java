package io.kafkaconnect.metronome.quickstart.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Confluent's AvroConverter, wherever a config names it, becomes Apicurio's in Confluent wire format. */
class ConfluentAvroSubstitutionTest {

    @Test
    void everyKeyNamingConfluentsConverterGetsApicuriosAgainstTheSameRegistry() {
        Map<String, String> config = ConfluentAvroSubstitution.apply(Map.of(
                "key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", "io.confluent.connect.avro.AvroConverter",
                "value.converter.schema.registry.url", "http://schema-registry:8081",
                "results.converter", "io.confluent.connect.avro.AvroConverter",
                "results.converter.schema.registry.url", "http://schema-registry:8081/",
                "results.bootstrap.servers", "kafka:29092"));

        assertThat(config).containsEntry("key.converter", "org.apache.kafka.connect.storage.StringConverter")
                .containsEntry("value.converter", "io.apicurio.registry.utils.converter.AvroConverter")
                .containsEntry("value.converter.apicurio.registry.url", "http://schema-registry:8081/apis/registry/v2")
                .containsEntry("value.converter.apicurio.registry.as-confluent", "true")
                .containsEntry("results.converter", "io.apicurio.registry.utils.converter.AvroConverter")
                .containsEntry("results.converter.apicurio.registry.url", "http://schema-registry:8081/apis/registry/v2")
                .containsEntry("results.bootstrap.servers", "kafka:29092")
                .doesNotContainKeys("value.converter.schema.registry.url", "results.converter.schema.registry.url");
    }

    @Test
    void confluentsConverterWithoutARegistryIsRefused() {
        assertThatThrownBy(() -> ConfluentAvroSubstitution.apply(Map.of("value.converter", "io.confluent.connect.avro.AvroConverter")))
                .hasMessageContaining("value.converter.schema.registry.url");
    }
}
