package io.kafkaconnect.metronome.source;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which task does a customer's per-customer work (costs, billable metrics, invoices): the one whose index is a
 * stable hash of the customer id modulo the task count. Stable across JVMs and restarts (Kafka's murmur2, as its partitioner),
 * so a rebalance moves whole customers, together with their offsets, from one task to another.
 */
record CustomerShard(int index, int count) {

    CustomerShard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("task index " + index + " out of range for " + count + " tasks");
        }
    }

    static int of(String customerId, int count) {
        return Utils.toPositive(Utils.murmur2(customerId.getBytes(StandardCharsets.UTF_8))) % count;
    }

    boolean owns(String customerId) {
        return of(customerId, count) == index;
    }
}
