package io.kafkaconnect.metronome.usage;

import static io.kafkaconnect.metronome.sinkcommon.FieldChecks.typeName;

import io.kafkaconnect.metronome.sinkcommon.FieldChecks;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Date;

/**
 * The timestamp of a usage event, as Metronome takes it: every input form is sent in one form, UTC with seconds,
 * the fraction of a second exactly (to the nanosecond, no trailing zeros), e.g. {@code 2024-05-01T10:00:00.5Z}.
 * Metronome asks for RFC 3339, which requires seconds; a time the user gave in a valid but lenient ISO 8601 form
 * ({@code 2024-05-01T12:00+02:00}, a lower-case {@code t} or {@code z}, an offset with seconds) is the same instant
 * and is normalised instead of refused. Inputs:
 * <ul>
 *   <li>a string Java's ISO offset date-time parser reads (a date alone or a local time without offset is
 *       refused: it names no instant);</li>
 *   <li>epoch milliseconds (an int or a long);</li>
 *   <li>a Connect Timestamp ({@link Date}).</li>
 * </ul>
 * An instant outside the years 0000 to 9999 (RFC 3339 has four-digit years; e.g. epoch microseconds read as
 * milliseconds) is refused too.
 */
final class EventTimestamp {

    /** UTC, seconds always present, as many fraction digits as the value needs. */
    private static final DateTimeFormatter RFC_3339_UTC = new DateTimeFormatterBuilder().appendInstant(-1)
            .toFormatter();
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private EventTimestamp() {
    }

    /** The timestamp to send for {@code raw}, the value found at {@code path}; null is refused as missing. */
    static String format(Object raw, String path) {
        if (raw == null) {
            throw new UsageRejection(path + " is required");
        }
        Instant instant;
        if (raw instanceof Date date) {
            instant = date.toInstant();
        } else if (raw instanceof Integer || raw instanceof Long) {
            instant = Instant.ofEpochMilli(((Number) raw).longValue());
        } else if (raw instanceof String text) {
            instant = parse(text, path);
        } else {
            throw new UsageRejection(path + " must be an RFC 3339 string, epoch milliseconds or a Timestamp, not "
                    + typeName(raw));
        }
        if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
            throw new UsageRejection(path + " " + raw + " is outside the years 0000 to 9999 that RFC 3339 can write"
                    + (raw instanceof Number ? " (epoch milliseconds expected)" : ""));
        }
        return RFC_3339_UTC.format(instant);
    }

    private static Instant parse(String text, String path) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageRejection(FieldChecks.notRfc3339(path, text));
        } catch (DateTimeException e) { // parsed, but no instant Java can hold
            throw new UsageRejection(path + " " + text + " is outside the years 0000 to 9999 that RFC 3339 can write");
        }
    }
}
