package io.kafkaconnect.metronome.source;

import java.util.Arrays;
import java.util.List;

/** The streams the source connector can copy; {@link #id()} names the stream in configs, topics and offsets. */
public enum SourceStreamName {
    CUSTOMERS("customers"),
    COSTS("costs"),
    BILLABLE_METRICS("billable_metrics"),
    INVOICES("invoices");

    private final String id;

    SourceStreamName(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static SourceStreamName of(String id) {
        for (SourceStreamName stream : values()) {
            if (stream.id.equals(id)) {
                return stream;
            }
        }
        throw new IllegalArgumentException("unknown stream '" + id + "'; known streams: " + allIds());
    }

    static List<String> allIds() {
        return Arrays.stream(values()).map(SourceStreamName::id).toList();
    }
}
