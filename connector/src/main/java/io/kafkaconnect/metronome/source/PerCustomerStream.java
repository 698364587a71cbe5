package io.kafkaconnect.metronome.source;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/** A stream read customer by customer (costs, billable metrics, invoices); fed by {@link ShardScan}. */
interface PerCustomerStream {

    /**
     * Reads what changed for these customers (a small batch of one list page). Nothing is remembered until the
     * caller commits the result: if a later call of the same step fails, the step is redone as a whole and no
     * change is forgotten unsent. Records carry {@code now} (when the data was read) as their timestamp and
     * {@code scanId} (the round's id) in their headers, see {@link RecordMetadata}.
     */
    Staged process(List<String> customerIds, Instant now, String scanId);

    /** {@link #process(List, Instant, String)} as a round of its own (a fresh scan id). */
    default Staged process(List<String> customerIds, Instant now) {
        return process(customerIds, now, RecordMetadata.newScanId());
    }

    /**
     * Whether the stream reads archived customers too: only then does the scan list them ({@code only_archived})
     * and hand them to {@link #processArchived}. Most per-customer data stops changing at the archive.
     */
    default boolean readsArchived() {
        return false;
    }

    /** {@link #process(List, Instant, String)} for archived customers; called only when {@link #readsArchived()}. */
    default Staged processArchived(List<String> customerIds, Instant now, String scanId) {
        return new Staged(List.of(), () -> { });
    }

    /** The records of one step, and the in-memory state to keep once they are handed to Connect. */
    record Staged(List<SourceRecord> records, Runnable commit) {
    }
}
