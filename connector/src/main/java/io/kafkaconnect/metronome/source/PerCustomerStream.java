package io.kafkaconnect.metronome.source;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/** A stream read customer by customer (costs, billable metrics); fed by {@link ShardScan}. */
interface PerCustomerStream {

    /**
     * Reads what changed for these customers (a small batch of one list page). Nothing is remembered until the
     * caller commits the result: if a later call of the same step fails, the step is redone as a whole and no
     * change is forgotten unsent.
     */
    Staged process(List<String> customerIds, Instant now);

    /** The records of one step, and the in-memory state to keep once they are handed to Connect. */
    record Staged(List<SourceRecord> records, Runnable commit) {
    }
}
