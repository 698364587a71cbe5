package io.kafkaconnect.metronome.usage;

import io.kafkaconnect.metronome.client.Backoff;
import io.kafkaconnect.metronome.config.MetronomeConnectionConfig;
import io.kafkaconnect.metronome.sinkcommon.FieldChecks;
import io.kafkaconnect.metronome.sinkcommon.SinkRetries;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of {@link MetronomeUsageSinkConnector}: the shared "Metronome API" group plus "Usage events" (batching,
 * concurrency, retries) and "Usage event fields" (where in a record's value each event field is).
 */
public final class MetronomeUsageSinkConfig extends MetronomeConnectionConfig {

    public static final String USAGE_GROUP = "Usage events";
    public static final String FIELDS_GROUP = "Usage event fields";

    public static final String BATCH_MAX_EVENTS = "usage.batch.max.events";
    public static final String MAX_IN_FLIGHT = "usage.max.in.flight";
    public static final String MAX_BUFFERED_EVENTS = "usage.max.buffered.events";
    public static final String RETRY_BACKOFF_MS = "usage.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "usage.retry.backoff.max.ms";

    public static final String FIELD_TRANSACTION_ID = "usage.field.transaction.id";
    public static final String FIELD_CUSTOMER_ID = "usage.field.customer.id";
    public static final String FIELD_EVENT_TYPE = "usage.field.event.type";
    public static final String FIELD_TIMESTAMP = "usage.field.timestamp";
    public static final String FIELD_PROPERTIES = "usage.field.properties";
    public static final String EVENT_TYPE = "usage.event.type";

    /** Metronome's limit of events per ingest request. */
    public static final int MAX_EVENTS_PER_REQUEST = 100;

    public static final ConfigDef CONFIG_DEF = configDef();

    public MetronomeUsageSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props, "metronome-usage-sink");
    }

    private static ConfigDef configDef() {
        ConfigDef def = MetronomeConnectionConfig.addTo(new ConfigDef());
        int order = 0;
        def.define(BATCH_MAX_EVENTS, Type.INT, MAX_EVENTS_PER_REQUEST, Range.between(1, MAX_EVENTS_PER_REQUEST),
                        Importance.MEDIUM,
                        "Events per POST /v1/ingest request (Metronome takes at most " + MAX_EVENTS_PER_REQUEST
                                + "). A batch holds the events of one put() call, up to this many.",
                        USAGE_GROUP, ++order, Width.SHORT, "Max events per request")
                .define(MAX_IN_FLIGHT, Type.INT, 16, Range.between(1, 1024), Importance.MEDIUM,
                        "Ingest requests a task has in flight at once. Keep it at or below metronome.max.connections; "
                                + "metronome.requests.per.second bounds the rate of all of them.",
                        USAGE_GROUP, ++order, Width.SHORT, "Max in-flight requests")
                .define(MAX_BUFFERED_EVENTS, Type.INT, 10_000, Range.between(1, 10_000_000), Importance.LOW,
                        "Events a task holds (in flight plus waiting to be sent). Above it the task pauses "
                                + "consumption until half of them are acknowledged; nothing is dropped.",
                        USAGE_GROUP, ++order, Width.SHORT, "Max buffered events");
        SinkRetries.defineBackoff(def, USAGE_GROUP, order, "batch", RETRY_BACKOFF_MS, RETRY_BACKOFF_MAX_MS,
                "First wait before a batch that failed transiently (429, 5xx, connection errors, after the "
                        + "client's own retries) is sent again; doubles per attempt, and a Retry-After of "
                        + "Metronome's is honoured. Such batches are retried until Metronome acknowledges "
                        + "them: no event is lost, and duplicates are ignored by transaction_id.");
        order = 0;
        def.define(FIELD_TRANSACTION_ID, Type.STRING, "transaction_id", new FieldPathValidator(), Importance.MEDIUM,
                        "Field of the record value holding the event's transaction_id (a dotted path into nested "
                                + "objects, e.g. meta.id). An event without one gets a stable id derived from the "
                                + "record's topic, partition and offset, so a redelivered record is the same event.",
                        FIELDS_GROUP, ++order, Width.MEDIUM, "Transaction id field")
                .define(FIELD_CUSTOMER_ID, Type.STRING, "customer_id", new FieldPathValidator(), Importance.MEDIUM,
                        "Field holding the customer: a Metronome customer id or an ingest alias.",
                        FIELDS_GROUP, ++order, Width.MEDIUM, "Customer field")
                .define(FIELD_EVENT_TYPE, Type.STRING, "event_type", new FieldPathValidator(), Importance.MEDIUM,
                        "Field holding the event type; see also " + EVENT_TYPE + ".",
                        FIELDS_GROUP, ++order, Width.MEDIUM, "Event type field")
                .define(FIELD_TIMESTAMP, Type.STRING, "timestamp", new FieldPathValidator(), Importance.MEDIUM,
                        "Field holding the event time: an RFC 3339 string, epoch milliseconds, or a Connect "
                                + "Timestamp. Sent as UTC with seconds and the exact fraction; a lenient ISO 8601 "
                                + "form such as 2024-05-01T12:00+02:00 is normalised, not refused.",
                        FIELDS_GROUP, ++order, Width.MEDIUM, "Timestamp field")
                .define(FIELD_PROPERTIES, Type.STRING, "properties", new FieldPathValidator(), Importance.MEDIUM,
                        "Field holding the event's properties: an object (map or struct) or JSON object text. "
                                + "Numbers keep their exact digits.",
                        FIELDS_GROUP, ++order, Width.MEDIUM, "Properties field")
                .define(EVENT_TYPE, Type.STRING, null, new EventTypeValidator(), Importance.LOW,
                        "Event type of the events whose value has none (1 to 128 characters); unset, such an event "
                                + "is rejected.",
                        FIELDS_GROUP, ++order, Width.MEDIUM, "Default event type");
        return def;
    }

    public int batchMaxEvents() {
        return getInt(BATCH_MAX_EVENTS);
    }

    public int maxInFlight() {
        return getInt(MAX_IN_FLIGHT);
    }

    public int maxBufferedEvents() {
        return getInt(MAX_BUFFERED_EVENTS);
    }

    /** The waits between attempts of a batch that failed transiently. */
    public Backoff retryBackoff() {
        return SinkRetries.backoff(this, RETRY_BACKOFF_MS, RETRY_BACKOFF_MAX_MS);
    }

    /** Where each event field is in a record value. */
    public UsageFieldMapping fieldMapping() {
        return new UsageFieldMapping(getString(FIELD_TRANSACTION_ID), getString(FIELD_CUSTOMER_ID),
                getString(FIELD_EVENT_TYPE), getString(FIELD_TIMESTAMP), getString(FIELD_PROPERTIES),
                getString(EVENT_TYPE));
    }

    /** A dotted path of non-blank field names. */
    static final class FieldPathValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String path = (String) value;
            if (path == null || path.isBlank()) {
                throw new ConfigException(name, value, "must name a field of the record value");
            }
            for (String segment : path.split("\\.", -1)) {
                if (segment.isBlank()) {
                    throw new ConfigException(name, value, "a dotted path must not have an empty segment");
                }
            }
        }

        @Override
        public String toString() {
            return "a field name, or a dotted path such as meta.customer";
        }
    }

    /** Unset, or a non-blank event type Metronome takes. */
    static final class EventTypeValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String type = (String) value;
            if (type == null) {
                return;
            }
            if (type.isBlank() || FieldChecks.length(type) > UsageLimits.MAX_FIELD_LENGTH) {
                throw new ConfigException(name, value, "must be 1 to " + UsageLimits.MAX_FIELD_LENGTH
                        + " characters, not blank");
            }
        }

        @Override
        public String toString() {
            return "unset, or 1 to " + UsageLimits.MAX_FIELD_LENGTH + " characters";
        }
    }
}
