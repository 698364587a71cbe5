package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.PluginVersion;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;

/**
 * What every data record of the source carries besides key and value, so a warehouse can order and deduplicate:
 * the record timestamp (the customer's {@code updated_at} where Metronome gives one, otherwise when the data was
 * read) and three string headers, {@value #STREAM}, {@value #SCAN_ID} and {@value #CONNECTOR_VERSION}.
 */
public final class RecordMetadata {

    /** The stream that wrote the record: customers, costs, billable_metrics or invoices. */
    public static final String STREAM = "metronome.stream";
    /** One id per customers scan (task 0) or per round over a task's customers (costs, billable metrics, invoices). */
    public static final String SCAN_ID = "metronome.scan.id";
    /** {@link PluginVersion#get()} of the connector that wrote the record. */
    public static final String CONNECTOR_VERSION = "metronome.connector.version";

    private RecordMetadata() {
    }

    /** A fresh scan id (a random UUID). */
    static String newScanId() {
        return UUID.randomUUID().toString();
    }

    static Headers headers(SourceStreamName stream, String scanId) {
        return new ConnectHeaders()
                .addString(STREAM, stream.id())
                .addString(SCAN_ID, scanId)
                .addString(CONNECTOR_VERSION, PluginVersion.get());
    }

    /** Epoch milliseconds of {@code changedAt} if known, else of {@code readAt}. */
    static Long timestamp(Instant changedAt, Instant readAt) {
        return (changedAt != null ? changedAt : readAt).toEpochMilli();
    }
}
