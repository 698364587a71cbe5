package io.kafkaconnect.metronome.sink;

import static io.kafkaconnect.metronome.sink.CommandFields.asJson;
import static io.kafkaconnect.metronome.sink.CommandFields.optionalString;
import static io.kafkaconnect.metronome.sink.CommandFields.reject;
import static io.kafkaconnect.metronome.sink.CommandFields.requiredString;
import static io.kafkaconnect.metronome.sink.CommandFields.typeName;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import io.kafkaconnect.metronome.sinkcommon.FieldChecks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code preview_events} of a PREVIEW_EVENTS command, checked as Metronome's previewEvents checks its
 * {@code events}: 1 to 100 objects, each with an {@code event_type}, an RFC 3339 {@code timestamp} if any, a
 * {@code transaction_id} of 1 to 128 characters if any and a JSON object of {@code properties} if any.
 */
final class PreviewEventFields {

    static final int MAX_PREVIEW_EVENTS = 100;
    static final int MAX_TRANSACTION_ID_LENGTH = 128;
    private static final Set<String> EVENT_FIELDS = Set.of("event_type", "timestamp", "transaction_id", "properties");

    private PreviewEventFields() {
    }

    static List<UsageEvent> events(Object raw) {
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw reject(raw == null || raw instanceof List<?>
                    ? "PREVIEW_EVENTS needs preview_events with 1 to " + MAX_PREVIEW_EVENTS + " events"
                    : "preview_events must be an array, not " + typeName(raw));
        }
        if (list.size() > MAX_PREVIEW_EVENTS) {
            throw reject("preview_events has " + list.size() + " events; at most " + MAX_PREVIEW_EVENTS + " allowed");
        }
        List<UsageEvent> events = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            events.add(event(list.get(i), "preview_events[" + i + "]"));
        }
        return List.copyOf(events);
    }

    private static UsageEvent event(Object raw, String where) {
        if (!(raw instanceof Map<?, ?> map)) {
            throw reject(where + " must be an object, not " + typeName(raw));
        }
        Map<String, Object> event = new LinkedHashMap<>();
        map.forEach((k, v) -> event.put(String.valueOf(k), v));
        for (String name : event.keySet()) {
            if (!EVENT_FIELDS.contains(name)) {
                throw reject(where + " has an unknown field \"" + name + "\"");
            }
        }
        String eventType = requiredString(event, "event_type", where + ".event_type", Integer.MAX_VALUE);
        String timestamp = optionalString(event, "timestamp", where + ".timestamp", Integer.MAX_VALUE);
        if (timestamp != null) {
            checkRfc3339(timestamp, where + ".timestamp");
        }
        String transactionId = optionalString(event, "transaction_id", where + ".transaction_id",
                MAX_TRANSACTION_ID_LENGTH);
        return new UsageEvent(transactionId, null, eventType, timestamp, properties(event.get("properties"), where));
    }

    private static Map<String, Object> properties(Object raw, String where) {
        if (raw == null) {
            return null;
        }
        JsonNode node = asJson(raw, where + ".properties");
        if (!node.isObject()) {
            throw reject(where + ".properties must be a JSON object");
        }
        return MetronomeJson.MAPPER.convertValue(node, new TypeReference<Map<String, Object>>() { });
    }

    private static void checkRfc3339(String text, String path) {
        if (!FieldChecks.isRfc3339(text)) {
            throw reject(FieldChecks.notRfc3339(path, text));
        }
    }
}
