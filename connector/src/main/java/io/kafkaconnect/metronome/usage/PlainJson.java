package io.kafkaconnect.metronome.usage;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Whether a value is JSON as it stands: null, a string, a boolean, a number of a JDK type Jackson writes with all
 * its digits, or maps with string keys and lists of such values. Parsed JSON and Connect's structs and maps (made
 * plain by {@code ConnectValues}) are; anything else (bytes, dates, other objects) is first made a Jackson tree.
 */
final class PlainJson {

    private PlainJson() {
    }

    static boolean isPlainObject(Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String) || !isPlain(entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlain(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof BigDecimal || value instanceof BigInteger
                || value instanceof Double || value instanceof Float || value instanceof Short
                || value instanceof Byte) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            return isPlainObject(map);
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!isPlain(item)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
