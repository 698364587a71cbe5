package io.kafkaconnect.metronome.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shapes of the source partitions and offsets the connector stores, and their validation for
 * {@code alterOffsets} (KIP-875):
 * <ul>
 *   <li>{@code {"stream":"customers"}} → {@link CustomersCursor}: where the customers scan stands;</li>
 *   <li>{@code {"stream":"customers","customer_id":id}} → {@code {"hash":long}}: content last emitted;</li>
 *   <li>{@code {"stream":"costs","customer_id":id}} → {@link CostsWatermark};</li>
 *   <li>{@code {"stream":"billable_metrics","customer_id":id,"billable_metric_id":id}} → {@code {"hash":long}};</li>
 *   <li>{@code {"stream":"invoices","customer_id":id}} → {@link InvoicesPosition}.</li>
 * </ul>
 * A null offset resets a partition: the customers scan starts over and emits every customer; a customer's costs
 * are read again from {@code costs.start.date}, its invoices from {@code invoices.start.date}; an item whose hash is reset is emitted again.
 */
final class SourceOffsets {

    static final String STREAM = "stream";
    static final String CUSTOMER_ID = "customer_id";
    static final String BILLABLE_METRIC_ID = "billable_metric_id";
    static final String HASH = "hash";

    private SourceOffsets() {
    }

    static Map<String, String> customersScan() {
        return partition(STREAM, SourceStreamName.CUSTOMERS.id());
    }

    static Map<String, String> customer(String customerId) {
        return partition(STREAM, SourceStreamName.CUSTOMERS.id(), CUSTOMER_ID, customerId);
    }

    static Map<String, String> costs(String customerId) {
        return partition(STREAM, SourceStreamName.COSTS.id(), CUSTOMER_ID, customerId);
    }

    static Map<String, String> invoices(String customerId) {
        return partition(STREAM, SourceStreamName.INVOICES.id(), CUSTOMER_ID, customerId);
    }

    static Map<String, String> billableMetric(String customerId, String billableMetricId) {
        return partition(STREAM, SourceStreamName.BILLABLE_METRICS.id(), CUSTOMER_ID, customerId,
                BILLABLE_METRIC_ID, billableMetricId);
    }

    /**
     * A partition whose fields iterate in the order given. Connect stores an offset under the JSON of its
     * partition, fields in iteration order; {@code Map.of} iterates in an order that changes from JVM to JVM, so a
     * task restarted on another worker would miss every offset of a partition with more than one field.
     */
    private static Map<String, String> partition(String... keysAndValues) {
        Map<String, String> partition = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            partition.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(partition);
    }

    static Map<String, Object> hashOffset(long hash) {
        return Map.of(HASH, hash);
    }

    /** The stored content hash, or null when there is none. */
    static Long hashOf(Map<String, ?> offset) {
        if (offset == null) {
            return null;
        }
        Object hash = offset.get(HASH);
        if (!(hash instanceof Number number)) {
            throw new IllegalArgumentException("offset field '" + HASH + "' must be a 64-bit integer, was " + hash);
        }
        return number.longValue();
    }

    /** Throws {@link IllegalArgumentException} naming the problem when the pair is not one the connector wrote. */
    static void validate(Map<String, ?> partition, Map<String, ?> offset) {
        if (partition == null) {
            throw new IllegalArgumentException("source partition must not be null");
        }
        Object stream = partition.get(STREAM);
        SourceStreamName name;
        try {
            name = SourceStreamName.of(String.valueOf(stream));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("source partition " + partition + ": " + e.getMessage());
        }
        Set<String> fields = partition.keySet();
        switch (name) {
            case CUSTOMERS -> {
                if (fields.equals(Set.of(STREAM))) {
                    CustomersCursor.fromOffset(offset);
                } else if (fields.equals(Set.of(STREAM, CUSTOMER_ID)) && isText(partition.get(CUSTOMER_ID))) {
                    hashOf(offset);
                } else {
                    throw unknown(partition);
                }
            }
            case COSTS -> {
                if (!fields.equals(Set.of(STREAM, CUSTOMER_ID)) || !isText(partition.get(CUSTOMER_ID))) {
                    throw unknown(partition);
                }
                CostsWatermark.fromOffset(offset);
            }
            case INVOICES -> {
                if (!fields.equals(Set.of(STREAM, CUSTOMER_ID)) || !isText(partition.get(CUSTOMER_ID))) {
                    throw unknown(partition);
                }
                InvoicesPosition.fromOffset(offset);
            }
            case BILLABLE_METRICS -> {
                if (!fields.equals(Set.of(STREAM, CUSTOMER_ID, BILLABLE_METRIC_ID))
                        || !isText(partition.get(CUSTOMER_ID)) || !isText(partition.get(BILLABLE_METRIC_ID))) {
                    throw unknown(partition);
                }
                hashOf(offset);
            }
            default -> throw unknown(partition);
        }
        requireWrittenOrder(partition);
    }

    /**
     * Connect stores an offset under the JSON text of its partition, fields in the order given: a PATCH whose
     * partition lists the same fields in another order writes a different key, which the tasks never read, so the
     * change would be silently lost. Refused instead, naming the order.
     */
    private static void requireWrittenOrder(Map<String, ?> partition) {
        List<String> expected = List.of(STREAM, CUSTOMER_ID, BILLABLE_METRIC_ID).subList(0, partition.size());
        if (!List.copyOf(partition.keySet()).equals(expected)) {
            throw new IllegalArgumentException("source partition " + partition + " must list its fields in the order "
                    + String.join(", ", expected) + ": Connect keys offsets by the partition's JSON text, so "
                    + "another order is another partition, one the connector never reads");
        }
    }

    private static boolean isText(Object value) {
        return value instanceof String s && !s.isEmpty();
    }

    private static IllegalArgumentException unknown(Map<String, ?> partition) {
        return new IllegalArgumentException("source partition " + partition + " is not one this connector writes; "
                + "expected {stream=customers}, {stream=customers, customer_id}, {stream=costs, customer_id}, "
                + "{stream=billable_metrics, customer_id, billable_metric_id} or {stream=invoices, customer_id}");
    }
}
