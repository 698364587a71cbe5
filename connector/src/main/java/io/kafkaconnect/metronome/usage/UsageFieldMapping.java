package io.kafkaconnect.metronome.usage;

import java.util.Map;
import java.util.Objects;

/**
 * Where each field of a usage event is in a record's value: dotted paths into nested objects (structs or maps),
 * the Metronome field names by default, and the event type to use when the value has none.
 *
 * @param defaultEventType event type of values without one; null to reject such values
 */
public record UsageFieldMapping(String transactionId, String customerId, String eventType, String timestamp,
                                String properties, String defaultEventType) {

    /** The Metronome field names, no default event type. */
    public static final UsageFieldMapping DEFAULT = new UsageFieldMapping("transaction_id", "customer_id",
            "event_type", "timestamp", "properties", null);

    public UsageFieldMapping {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(properties, "properties");
    }

    /** The value at a dotted path of {@code fields}, or null when any step is missing, null or not an object. */
    static Object valueAt(Map<String, Object> fields, String path) {
        Object current = fields;
        for (String name : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(name);
        }
        return current;
    }
}
