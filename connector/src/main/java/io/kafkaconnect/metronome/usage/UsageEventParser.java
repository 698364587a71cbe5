package io.kafkaconnect.metronome.usage;

import static io.kafkaconnect.metronome.sinkcommon.FieldChecks.typeName;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import io.kafkaconnect.metronome.sinkcommon.FieldChecks;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a record into the {@link UsageEvent} Metronome ingests, or throws a {@link UsageRejection} that says what
 * is wrong, so that what Metronome would refuse is refused before any call (limits: {@link UsageLimits}). The
 * fields are found through the {@link UsageFieldMapping}, in any value shape {@link UsageValue} reads:
 * <ul>
 *   <li>{@code transaction_id}: a string or an integer of 1 to 128 characters; absent, {@link TransactionIds}
 *       derives one from the record's position.</li>
 *   <li>{@code customer_id}: a Metronome id or an ingest alias, a string or an integer, 1 to 128 characters.</li>
 *   <li>{@code event_type}: a string of 1 to 128 characters, or the mapping's default event type.</li>
 *   <li>{@code timestamp}: an RFC 3339 string, epoch milliseconds, or a Connect Timestamp, each sent as UTC with
 *       seconds and the exact fraction ({@link EventTimestamp}).</li>
 *   <li>{@code properties}: optional; an object (map or struct) or JSON object text, numbers with their exact
 *       digits.</li>
 * </ul>
 * Strings must not be blank; lengths count characters as Metronome does.
 */
public final class UsageEventParser {

    private final UsageFieldMapping mapping;

    public UsageEventParser(UsageFieldMapping mapping) {
        this.mapping = mapping;
    }

    public UsageEvent parse(SinkRecord record) {
        return parse(record.value(), record.topic(), record.kafkaPartition(), record.kafkaOffset());
    }

    /** Parses a record value found at {@code topic}/{@code partition}/{@code offset}. */
    public UsageEvent parse(Object value, String topic, int partition, long offset) {
        Map<String, Object> fields = UsageValue.fields(value);
        String transactionId = idText(fields, mapping.transactionId(), false);
        String customerId = idText(fields, mapping.customerId(), true);
        String eventType = eventType(fields);
        String timestamp = timestamp(fields);
        Map<String, Object> properties = properties(fields);
        return new UsageEvent(transactionId != null ? transactionId : TransactionIds.derived(topic, partition, offset),
                customerId, eventType, timestamp, properties);
    }

    /** A string or an integer (ids are often numbers in the company's own events), as text. */
    private static String idText(Map<String, Object> fields, String path, boolean required) {
        Object raw = UsageFieldMapping.valueAt(fields, path);
        if (raw instanceof Integer || raw instanceof Long || raw instanceof BigInteger) {
            raw = raw.toString();
        }
        return text(raw, path, required);
    }

    private String eventType(Map<String, Object> fields) {
        Object raw = UsageFieldMapping.valueAt(fields, mapping.eventType());
        if (raw == null && mapping.defaultEventType() != null) {
            return mapping.defaultEventType();
        }
        return text(raw, mapping.eventType(), true);
    }

    private static String text(Object raw, String path, boolean required) {
        if (raw == null) {
            if (required) {
                throw new UsageRejection(path + " is required");
            }
            return null;
        }
        if (!(raw instanceof String value)) {
            throw new UsageRejection(path + " must be a string, not " + typeName(raw));
        }
        if (value.isBlank()) {
            throw new UsageRejection(path + " must not be blank");
        }
        int length = FieldChecks.length(value);
        if (length > UsageLimits.MAX_FIELD_LENGTH) {
            throw new UsageRejection(path + " has " + length + " characters; at most " + UsageLimits.MAX_FIELD_LENGTH
                    + " allowed");
        }
        return value;
    }

    private String timestamp(Map<String, Object> fields) {
        return EventTimestamp.format(UsageFieldMapping.valueAt(fields, mapping.timestamp()), mapping.timestamp());
    }

    /**
     * The properties as JSON values, so numbers are written with the digits they came with. A map of plain values
     * (what parsed JSON and Connect's structs and maps give: exact numbers, never a double they did not hold) is
     * sent as it is; only other values go through a Jackson tree.
     */
    private Map<String, Object> properties(Map<String, Object> fields) {
        String path = mapping.properties();
        Object raw = UsageFieldMapping.valueAt(fields, path);
        if (raw == null) {
            return null;
        }
        if (raw instanceof Map<?, ?> map && PlainJson.isPlainObject(map)) {
            @SuppressWarnings("unchecked") // string keys: checked
            Map<String, Object> properties = (Map<String, Object>) map;
            return properties;
        }
        JsonNode node;
        if (raw instanceof String text) {
            try {
                node = MetronomeJson.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw new UsageRejection(path + " is not valid JSON: " + e.getOriginalMessage());
            }
        } else if (raw instanceof Map<?, ?>) {
            try {
                node = MetronomeJson.MAPPER.valueToTree(raw);
            } catch (IllegalArgumentException e) {
                throw new UsageRejection(path + " cannot be written as JSON: " + e.getMessage());
            }
        } else {
            throw new UsageRejection(path + " must be an object or JSON object text, not " + typeName(raw));
        }
        if (node == null || !node.isObject()) {
            throw new UsageRejection(path + " must be a JSON object, not " + (node == null ? "empty text"
                    : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> properties.put(entry.getKey(), entry.getValue()));
        return properties;
    }
}
