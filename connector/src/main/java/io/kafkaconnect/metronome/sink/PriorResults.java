package io.kafkaconnect.metronome.sink;

import java.util.Collection;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Results already in the results topic for commands past a partition's committed offset. They are there when the
 * partition's previous owner stopped without committing them, e.g. its worker was killed: the commands come to the
 * new owner again, which applies them again (idempotently) but must not write a second result.
 *
 * <p>To find such results without reading the whole results topic, every offset the sink commits carries the time
 * from which on results past it may be written ({@link #commitPoint}); an owner that committed an offset had
 * every result written before that time below it.
 */
interface PriorResults {

    /** Learns which commands of newly assigned partitions already have a result (task thread). */
    void load(Collection<TopicPartition> partitions);

    /** Whether the command at {@code offset} of {@code partition} already has a result. */
    boolean written(TopicPartition partition, long offset);

    /** Forgets revoked partitions. */
    void forget(Collection<TopicPartition> partitions);

    /**
     * The offset to commit for a partition, marked for a later owner.
     *
     * @param preparedAtMs when the commit started: every result written before it belongs to a command below offset
     */
    OffsetAndMetadata commitPoint(long offset, long preparedAtMs);

    /** No lookback: every command gets its result written (a task whose results cannot be read back). */
    PriorResults NONE = new PriorResults() {
        @Override
        public void load(Collection<TopicPartition> partitions) {
        }

        @Override
        public boolean written(TopicPartition partition, long offset) {
            return false;
        }

        @Override
        public void forget(Collection<TopicPartition> partitions) {
        }

        @Override
        public OffsetAndMetadata commitPoint(long offset, long preparedAtMs) {
            return new OffsetAndMetadata(offset);
        }
    };
}
