package io.kafkaconnect.metronome.sinkcommon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Connect data as plain Java values: structs become maps (field name to value) all the way down, through lists
 * and maps, so that one set of checks serves a record whatever shape it came in (Avro, JSON with or without
 * schemas). Other values stay as they are.
 */
public final class ConnectValues {

    private ConnectValues() {
    }

    /** The struct's fields in schema order, their values plain. */
    public static Map<String, Object> fields(Struct struct) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Field field : struct.schema().fields()) {
            fields.put(field.name(), plain(struct.get(field)));
        }
        return fields;
    }

    /** A map with string keys (as JSON objects have) and plain values. */
    public static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> fields = new LinkedHashMap<>();
        map.forEach((key, value) -> fields.put(String.valueOf(key), plain(value)));
        return fields;
    }

    public static Object plain(Object value) {
        if (value instanceof Struct struct) {
            return fields(struct);
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
