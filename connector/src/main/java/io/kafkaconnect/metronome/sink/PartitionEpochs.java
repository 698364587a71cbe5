package io.kafkaconnect.metronome.sink;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Whether a record handed to the task is still the task's to finish. Each delivery belongs to its partition's
 * current epoch; closing the partition (revoked by a rebalance, the task stopping, Connect rewinding it) starts a
 * new epoch. The partition's next owner, maybe this task again, gets the record again from the last committed
 * offset, so work of an old epoch is dropped: it does not start, writes no result and does not count as done.
 */
final class PartitionEpochs {

    /** One record as handed to the task, with the epoch of its partition at that moment. */
    record Delivery(SinkRecord record, TopicPartition partition, long epoch) {
    }

    private final Map<TopicPartition, Long> epochs = new ConcurrentHashMap<>();
    private volatile boolean allClosed;

    Delivery deliver(SinkRecord record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
        return new Delivery(record, partition, epochs.getOrDefault(partition, 0L));
    }

    boolean isCurrent(Delivery delivery) {
        return !allClosed && epochs.getOrDefault(delivery.partition(), 0L) == delivery.epoch();
    }

    void close(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> epochs.merge(partition, 1L, Long::sum));
    }

    /** Closes every partition for good: the task is stopping. */
    void closeAll() {
        allClosed = true;
    }
}
