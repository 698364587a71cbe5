package io.kafkaconnect.metronome.emulator.api;

import io.kafkaconnect.metronome.emulator.ApiException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses RFC 3339 timestamps ({@code Z} or a numeric offset); output uses {@link Instant#toString()}. */
final class Rfc3339 {
    private Rfc3339() {
    }

    static Instant parse(String text, String fieldName) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException notRfc3339) {
            throw ApiException.badRequest(fieldName + " must be an RFC 3339 timestamp, got \"" + text + "\"");
        }
    }
}
