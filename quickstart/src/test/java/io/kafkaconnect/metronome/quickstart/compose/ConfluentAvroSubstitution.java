package io.kafkaconnect.metronome.quickstart.compose;

import io.kafkaconnect.metronome.processes.ApicurioRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The emulation's one substitution in configs: Confluent's AvroConverter is not served here, so wherever a worker
 * or connector config names {@code io.confluent.connect.avro.AvroConverter} under some key ({@code value.converter},
 * {@code results.converter}, ...) with {@code <key>.schema.registry.url}, that key gets Apicurio's AvroConverter in
 * Confluent wire format against the same registry (the registry service runs Apicurio, whose own API is below its
 * root). Records look the same on the topics: magic byte, 4-byte schema id, Avro binary.
 */
public final class ConfluentAvroSubstitution {

    public static final String CONFLUENT_AVRO_CONVERTER = "io.confluent.connect.avro.AvroConverter";

    private ConfluentAvroSubstitution() {
    }

    /** Whether {@code config} names Confluent's converter anywhere. */
    public static boolean appliesTo(Map<String, String> config) {
        return config.containsValue(CONFLUENT_AVRO_CONVERTER);
    }

    public static Map<String, String> apply(Map<String, String> config) {
        Map<String, String> substituted = new LinkedHashMap<>(config);
        config.forEach((key, value) -> {
            if (!CONFLUENT_AVRO_CONVERTER.equals(value)) {
                return;
            }
            String registry = config.get(key + ".schema.registry.url");
            if (registry == null) {
                throw new IllegalArgumentException(key + " is Confluent's AvroConverter without " + key
                        + ".schema.registry.url");
            }
            substituted.keySet().removeIf(setting -> setting.equals(key) || setting.startsWith(key + "."));
            substituted.putAll(ApicurioRegistry.avroConverterSettings(key,
                    registry.replaceAll("/+$", "") + ApicurioRegistry.REGISTRY_V2_PATH));
        });
        return substituted;
    }
}
