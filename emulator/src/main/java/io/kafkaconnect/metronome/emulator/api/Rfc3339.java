package io.kafkaconnect.metronome.emulator.api;

import io.kafkaconnect.metronome.emulator.ApiException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Parses RFC 3339 timestamps ({@code Z} or a numeric offset); output uses {@link Instant#toString()}. */
final class Rfc3339 {
    /** RFC 3339 section 5.6 date-time: seconds required, fraction optional, offset Z or +hh:mm. */
    private static final Pattern DATE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");

    private Rfc3339() {
    }

    /** Lenient: also takes what Java's ISO parser takes (no seconds, an offset with seconds). */
    static Instant parse(String text, String fieldName) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notRfc3339) {
            throw notRfc3339(text, fieldName);
        }
    }

    /** Exactly RFC 3339's date-time (seconds required), as ingest's "RFC 3339 formatted" timestamp asks. */
    static Instant parseStrict(String text, String fieldName) {
        if (!DATE_TIME.matcher(text).matches()) {
            throw notRfc3339(text, fieldName);
        }
        return parse(text, fieldName);
    }

    private static ApiException notRfc3339(String text, String fieldName) {
        return ApiException.badRequest(fieldName + " must be an RFC 3339 timestamp, got \"" + text + "\"");
    }
}
