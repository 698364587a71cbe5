package io.kafkaconnect.metronome.sinkcommon;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * How both sinks speak of a field's value when they refuse it, and the checks Metronome makes the same way for
 * commands and usage events: lengths in characters as Metronome counts them (Unicode code points, so an emoji is
 * one character, not two) and RFC 3339 timestamps.
 */
public final class FieldChecks {

    private FieldChecks() {
    }

    /** Characters as Metronome counts them: code points. */
    public static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /** Metronome takes {@code 2024-05-01T12:00:00Z} or a numeric offset; a date alone or a local time is refused. */
    public static boolean isRfc3339(String text) {
        try {
            OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The reason for a timestamp that is not RFC 3339, naming the field by {@code path}. */
    public static String notRfc3339(String path, String text) {
        return path + " must be an RFC 3339 timestamp such as 2024-05-01T12:00:00Z, not \"" + text + "\"";
    }

    /** "an object", "a number" ...: the JSON type of a value, for messages. */
    public static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "an array";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof String) {
            return "a string";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
