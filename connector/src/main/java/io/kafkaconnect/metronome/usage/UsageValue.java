package io.kafkaconnect.metronome.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.sinkcommon.FieldChecks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * The fields of a record value, whatever shape it came in: a {@link Struct} (Avro, or JSON with schemas), a
 * {@link Map} (schemaless JSON), or JSON text as a String or UTF-8 bytes (StringConverter, ByteArrayConverter).
 * Structs become maps all the way down, so one mapping serves every shape. JSON text is read with exact numbers
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
            return structFields(struct);
        }
        if (value instanceof Map<?, ?> map) {
            return stringKeys(map);
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
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new UsageRejection("the record value is JSON but not an object: " + FieldChecks.typeName(parsed));
        }
        return stringKeys(map);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> fields = new LinkedHashMap<>();
        map.forEach((key, value) -> fields.put(String.valueOf(key), plain(value)));
        return fields;
    }

    private static Map<String, Object> structFields(Struct struct) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Field field : struct.schema().fields()) {
            fields.put(field.name(), plain(struct.get(field)));
        }
        return fields;
    }

    private static Object plain(Object value) {
        if (value instanceof Struct struct) {
            return structFields(struct);
        }
        if (value instanceof Map<?, ?> map) {
            return stringKeys(map);
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            list.forEach(item -> items.add(plain(item)));
            return items;
        }
        return value;
    }
}
