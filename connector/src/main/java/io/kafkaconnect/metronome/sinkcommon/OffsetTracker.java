package io.kafkaconnect.metronome.sinkcommon;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, the position below which every record is finished (for the
 * command sink: applied or rejected, and its result written; for the usage sink: acknowledged by Metronome or in the
 * dead-letter queue). Records finish out of order, so a finished record waits for the earlier unfinished ones of its
 * partition before its offset counts. Shared by both sinks.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    /**
     * Records that the record at {@code offset} was handed over; offsets of a partition come in order.
     *
     * @return whether Connect rewound the partition: the records in flight on it are delivered again
     */
    public synchronized boolean started(TopicPartition partition, long offset) {
        Partition p = partitions.computeIfAbsent(partition, tp -> new Partition());
        boolean rewound = !p.unfinished.isEmpty() && offset <= p.unfinished.peekLast();
        if (rewound) {
            p.unfinished.clear();
            p.finished.clear();
        }
        p.unfinished.add(offset);
        return rewound;
    }

    public synchronized void finished(TopicPartition partition, long offset) {
        Partition p = partitions.get(partition);
        if (p == null) {
            return; // the partition was revoked meanwhile
        }
        p.finished.add(offset);
        while (!p.unfinished.isEmpty() && p.finished.remove(p.unfinished.peekFirst())) {
            p.committable = p.unfinished.pollFirst() + 1;
        }
    }

    /** The next offset to consume for every partition with a finished prefix. */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((tp, p) -> {
            if (p.committable >= 0) {
                offsets.put(tp, new OffsetAndMetadata(p.committable));
            }
        });
        return offsets;
    }

    /**
     * What to commit of Connect's {@code currentOffsets}: for a partition with records in progress, the position
     * below which every record is finished (none when there is no such prefix yet); for one without, Connect's own.
     */
    public synchronized Map<TopicPartition, OffsetAndMetadata> committable(
            Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartition, OffsetAndMetadata> done = committable();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        currentOffsets.forEach((partition, position) -> {
            OffsetAndMetadata offset = idle(partition) ? position : done.get(partition);
            if (offset != null) {
                offsets.put(partition, offset);
            }
        });
        return offsets;
    }

    /** Whether every command the partition handed over is finished (or it handed over none). */
    public synchronized boolean idle(TopicPartition partition) {
        Partition p = partitions.get(partition);
        return p == null || p.unfinished.isEmpty();
    }

    /** Commands handed over and not finished yet. */
    public synchronized int unfinished() {
        return partitions.values().stream().mapToInt(p -> p.unfinished.size()).sum();
    }

    /** Forgets revoked partitions; their unfinished commands will be delivered again to their new owner. */
    public synchronized void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    private static final class Partition {
        final ArrayDeque<Long> unfinished = new ArrayDeque<>();
        final Set<Long> finished = new HashSet<>();
        long committable = -1;
    }
}
