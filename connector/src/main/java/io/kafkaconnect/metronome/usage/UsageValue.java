package io.kafkaconnect.metronome.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.sinkcommon.ConnectValues;
import io.kafkaconnect.metronome.sinkcommon.FieldChecks;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;

/**
 * The fields of a record value, whatever shape it came in: a {@link Struct} (Avro, or JSON with schemas), a
 * {@link Map} (schemaless JSON), or JSON text as a String or UTF-8 bytes (StringConverter, ByteArrayConverter).
 * Structs become maps all the way down ({@link ConnectValues}), so one mapping serves every shape. JSON text is read with exact numbers
 * ({@link java.math.BigDecimal}, never a double).
 */
final class UsageValue {

    private UsageValue() {
    }

    static Map<String, Object> fields(Object value) {
        if (value == null) {
            throw new UsageRejection("the record has no value (a tombstone); a usage event is required");
        }
        if (value instanceof Struct struct) {
            return ConnectValues.fields(struct);
        }
        if (value instanceof Map<?, ?> map) {
            return ConnectValues.stringKeys(map);
        }
        if (value instanceof String text) {
            return jsonFields(text);
        }
        if (value instanceof byte[] bytes) {
            return jsonFields(new String(bytes, StandardCharsets.UTF_8));
        }
        throw new UsageRejection("the record value is " + FieldChecks.typeName(value)
                + "; expected a struct, a JSON object or JSON object text");
    }

    private static Map<String, Object> jsonFields(String text) {
        Object parsed;
        try {
            parsed = MetronomeJson.MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new UsageRejection("the record value is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof Map<?, ?>)) {
            throw new UsageRejection("the record value is JSON but not an object: " + FieldChecks.typeName(parsed));
        }
        // parsed JSON has string keys and plain values already: no copy (it was a tenth of the task's time)
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) parsed;
        return fields;
    }
}
