package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** Flattens an event's properties to text: filters compare text and aggregations parse numbers from it. */
final class EventProperties {
    private EventProperties() {
    }

    /** @param properties a JSON object, or null for none; null-valued properties count as absent */
    static Map<String, String> flatten(JsonNode properties) {
        if (properties == null) {
            return Map.of();
        }
        Map<String, String> flat = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = properties.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            String text;
            if (value.isBigDecimal()) {
                text = value.decimalValue().toPlainString();
            } else if (value.isValueNode()) {
                text = value.asText();
            } else {
                text = value.toString();
            }
            flat.put(field.getKey(), text);
        }
        return Map.copyOf(flat);
    }
}
