package io.kafkaconnect.metronome.usage;

import java.util.List;

/**
 * The catalogue of bad usage records, each a class of its own with (part of) the reason the sink gives: JSON text
 * values (StringConverter) or null (a tombstone). The parser's unit test and the connector ITs use the same list.
 */
public final class BadUsageEvents {

    /** @param value JSON text, or null for a tombstone */
    public record BadUsageEvent(String label, String value, String reason) {
    }

    private BadUsageEvents() {
    }

    /** Every class of bad input, in a fixed order. */
    public static List<BadUsageEvent> all() {
        String ok = "\"customer_id\":\"acme\",\"event_type\":\"e\",\"timestamp\":\"2024-05-01T00:00:00Z\"";
        String long129 = "x".repeat(129);
        return List.of(
                bad("tombstone", null, "the record has no value (a tombstone)"),
                bad("malformed JSON", "{\"customer_id\":", "the record value is not valid JSON"),
                bad("JSON array", "[1,2]", "the record value is JSON but not an object: an array"),
                bad("a number value", "42", "the record value is JSON but not an object: a number"),
                bad("no customer", "{\"event_type\":\"e\",\"timestamp\":\"2024-05-01T00:00:00Z\"}",
                        "customer_id is required"),
                bad("blank customer", "{\"customer_id\":\" \",\"event_type\":\"e\",\"timestamp\":\"2024-05-01T00:00:00Z\"}",
                        "customer_id must not be blank"),
                bad("customer not a string", "{\"customer_id\":{\"id\":1},\"event_type\":\"e\",\"timestamp\":\"2024-05-01T00:00:00Z\"}",
                        "customer_id must be a string, not an object"),
                bad("oversize customer", "{\"customer_id\":\"" + long129 + "\",\"event_type\":\"e\",\"timestamp\":\"2024-05-01T00:00:00Z\"}",
                        "customer_id has 129 characters; at most 128 allowed"),
                bad("no event type", "{\"customer_id\":\"acme\",\"timestamp\":\"2024-05-01T00:00:00Z\"}",
                        "event_type is required"),
                bad("oversize event type", "{\"customer_id\":\"acme\",\"event_type\":\"" + long129 + "\",\"timestamp\":\"2024-05-01T00:00:00Z\"}",
                        "event_type has 129 characters"),
                bad("oversize transaction id", "{\"transaction_id\":\"" + "\uD83D\uDE00".repeat(129) + "\"," + ok + "}",
                        "transaction_id has 129 characters"),
                bad("blank transaction id", "{\"transaction_id\":\"\"," + ok + "}", "transaction_id must not be blank"),
                bad("no timestamp", "{\"customer_id\":\"acme\",\"event_type\":\"e\"}", "timestamp is required"),
                bad("date without time", "{\"customer_id\":\"acme\",\"event_type\":\"e\",\"timestamp\":\"2024-05-01\"}",
                        "timestamp must be an RFC 3339 timestamp such as 2024-05-01T12:00:00Z, not \"2024-05-01\""),
                bad("local time", "{\"customer_id\":\"acme\",\"event_type\":\"e\",\"timestamp\":\"2024-05-01T12:00:00\"}",
                        "must be an RFC 3339 timestamp"),
                bad("timestamp a decimal", "{\"customer_id\":\"acme\",\"event_type\":\"e\",\"timestamp\":1.5}",
                        "timestamp must be an RFC 3339 string, epoch milliseconds or a Timestamp, not a number"),
                bad("properties an array", "{" + ok + ",\"properties\":[1]}",
                        "properties must be an object or JSON object text, not an array"),
                bad("properties a number", "{" + ok + ",\"properties\":7}",
                        "properties must be an object or JSON object text, not a number"),
                bad("properties text not JSON", "{" + ok + ",\"properties\":\"{oops\"}", "properties is not valid JSON"),
                bad("properties text an array", "{" + ok + ",\"properties\":\"[1]\"}",
                        "properties must be a JSON object, not array"));
    }


    private static BadUsageEvent bad(String label, String value, String reason) {
        return new BadUsageEvent(label, value, reason);
    }
}
