package io.kafkaconnect.metronome.sink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Holds finished commands back until every earlier command of their partition has finished, then releases them
 * in offset order. The sink writes results through it, so the commands with a written result are always a prefix
 * of what the partition delivered: a commit covers all of them, and a partition revoked after that commit is
 * redelivered from exactly the first command without a result. Used from the task thread only.
 *
 * @param <T> what is released for a finished command
 */
final class InOrderRelease<T> {

    private final Map<TopicPartition, Partition<T>> partitions = new HashMap<>();

    /** Records that the command at {@code offset} was handed over; offsets of a partition come in order. */
    void started(TopicPartition partition, long offset) {
        Partition<T> p = partitions.computeIfAbsent(partition, tp -> new Partition<>());
        if (!p.started.isEmpty() && offset <= p.started.peekLast()) {
            p.started.clear(); // rewound: the earlier deliveries come again
            p.finished.clear();
        }
        p.started.add(offset);
    }

    /** Offers the command finished at {@code offset}; returns what is now released, in offset order. */
    List<T> finished(TopicPartition partition, long offset, T item) {
        Partition<T> p = partitions.get(partition);
        if (p == null) {
            return List.of();
        }
        p.finished.put(offset, item);
        List<T> released = new ArrayList<>();
        while (!p.started.isEmpty() && p.finished.containsKey(p.started.peekFirst())) {
            released.add(p.finished.remove(p.started.pollFirst()));
        }
        return released;
    }

    /** Forgets revoked partitions with whatever they held back: their new owner redoes those commands. */
    void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    private static final class Partition<T> {
        final ArrayDeque<Long> started = new ArrayDeque<>();
        final Map<Long, T> finished = new HashMap<>();
    }
}
