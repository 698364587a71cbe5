package io.kafkaconnect.metronome.sinkcommon;

import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
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
        if (plainlyValid(text)) {
            return true;
        }
        try {
            OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Whether the text is {@code yyyy-MM-ddTHH:mm:ss[.f]} with Z or an offset of under 18 hours, all in range: what
     * nearly every event carries, and what {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} surely accepts. Checked
     * by hand because the formatter costs several times more than the rest of an event's checks; any other text
     * (including every one to refuse) goes to the formatter, so the answer is the formatter's.
     */
    static boolean plainlyValid(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return false;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        int i = 19;
        if (t.charAt(i) == '.') {
            int end = i + 1;
            while (end < n && end - i <= 9 && t.charAt(end) >= '0' && t.charAt(end) <= '9') {
                end++;
            }
            if (end == i + 1) {
                return false;
            }
            i = end;
        }
        if (i == n - 1) {
            return t.charAt(i) == 'Z';
        }
        if (i != n - 6 || t.charAt(i) != '+' && t.charAt(i) != '-' || t.charAt(i + 3) != ':') {
            return false;
        }
        int offsetHours = digits(t, i + 1, 2);
        int offsetMinutes = digits(t, i + 4, 2);
        return offsetHours >= 0 && offsetHours <= 17 && offsetMinutes >= 0 && offsetMinutes <= 59;
    }

    /** The number the {@code count} ASCII digits at {@code from} spell, or -1 if one is not a digit. */
    private static int digits(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
