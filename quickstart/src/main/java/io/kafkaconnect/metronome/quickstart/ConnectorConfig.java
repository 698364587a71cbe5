package io.kafkaconnect.metronome.quickstart;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A connector as the REST API takes it ({@code {"name": ..., "config": {...}}}), read from config/*.json. */
public record ConnectorConfig(String name, Map<String, String> config) {

    /** The Confluent converter the example configs name; the quickstart swaps in Apicurio's equivalent. */
    static final String CONFLUENT_AVRO_CONVERTER = "io.confluent.connect.avro.AvroConverter";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONVERTER_KEYS = List.of("key.converter", "value.converter", "results.converter");

    public static ConnectorConfig read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (!root.path("name").isTextual() || !root.path("config").isObject()) {
            throw new IOException(file + " must look like {\"name\": \"...\", \"config\": {...}}");
        }
        Map<String, String> config = JSON.convertValue(root.get("config"), new TypeReference<LinkedHashMap<String, String>>() { });
        return new ConnectorConfig(root.get("name").asText(), config);
    }

    public String get(String key) {
        String value = config.get(key);
        if (value == null) {
            throw new IllegalStateException("Connector " + name + " has no " + key);
        }
        return value;
    }

    /** A copy with some settings replaced. */
    public ConnectorConfig with(Map<String, String> overrides) {
        Map<String, String> copy = new LinkedHashMap<>(config);
        copy.putAll(overrides);
        return new ConnectorConfig(name, copy);
    }

    /**
     * A copy where every Confluent AvroConverter (and its {@code <prefix>.*} settings) is replaced by
     * {@code converter}, given as settings under the empty prefix ({@code ""} → class, {@code ".x"} → setting x).
     */
    public ConnectorConfig withAvroConverter(Function<String, Map<String, String>> converterUnder) {
        Map<String, String> copy = new LinkedHashMap<>(config);
        for (String prefix : CONVERTER_KEYS) {
            if (CONFLUENT_AVRO_CONVERTER.equals(copy.get(prefix))) {
                copy.keySet().removeIf(key -> key.startsWith(prefix + "."));
                copy.putAll(converterUnder.apply(prefix));
            }
        }
        return new ConnectorConfig(name, copy);
    }
}
