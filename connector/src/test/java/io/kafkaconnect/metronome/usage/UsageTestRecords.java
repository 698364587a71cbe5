package io.kafkaconnect.metronome.usage;

import io.kafkaconnect.metronome.client.model.UsageEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;

/** Usage records and events for the unit tests: JSON text values on topic "usage". */
final class UsageTestRecords {

    static final String TOPIC = "usage";
    /** An hour ago: inside the window of event times Metronome takes (34 days back). */
    static final String TIME = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();

    private UsageTestRecords() {
    }

    static String json(String transactionId, String customer, String timestamp) {
        return "{\"transaction_id\":\"" + transactionId + "\",\"customer_id\":\"" + customer
                + "\",\"event_type\":\"api_call\",\"timestamp\":\"" + timestamp + "\",\"properties\":{\"n\":1}}";
    }

    static SinkRecord record(int partition, long offset, String value) {
        return new SinkRecord(TOPIC, partition, Schema.STRING_SCHEMA, null, Schema.STRING_SCHEMA, value, offset);
    }

    /** Good records at {@code from} up to {@code to} (exclusive) of a partition, transaction ids p-o. */
    static List<SinkRecord> good(int partition, long from, long to) {
        List<SinkRecord> records = new ArrayList<>();
        for (long offset = from; offset < to; offset++) {
            records.add(record(partition, offset, json(partition + "-" + offset, "acme", TIME)));
        }
        return records;
    }

    /** Events as the parser would make them, the ones at {@code badAt} with a timestamp Metronome refuses. */
    static UsageBatch batch(int size, int... badAt) {
        List<ParsedEvent> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            boolean bad = false;
            for (int b : badAt) {
                bad |= b == i;
            }
            SinkRecord record = record(0, i, "");
            events.add(ParsedEvent.of(record, new UsageEvent("t" + i, "acme", "api_call", bad ? "yesterday" : TIME,
                    null)));
        }
        return new UsageBatch(events);
    }
}
