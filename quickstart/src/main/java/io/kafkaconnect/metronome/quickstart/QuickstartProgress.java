package io.kafkaconnect.metronome.quickstart;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.kafkaconnect.metronome.quickstart.process.WarehouseReader;
import io.kafkaconnect.metronome.quickstart.records.RecordLine;
import org.apache.avro.generic.GenericRecord;

/**
 * What has arrived so far: records per stream, the result of each demo command, when the first record came, the cost
 * of the demo usage per customer, and with --warehouse the latest cost per customer, day and credit type on the costs topic against the warehouse table.
 */
final class QuickstartProgress {

    private final long startNanos;
    private final List<String> streams;
    private final List<String> expectedCommandIds;
    private final Map<String, Long> recordsPerStream = new LinkedHashMap<>();
    private final Map<String, String> statusByCommandId = new TreeMap<>();
    private final boolean warehouse;
    /** customer id / UTC day / credit type name → cost, the latest record of each on the costs topic. */
    private final Map<String, String> latestCosts = new TreeMap<>();
    /** The same, as the warehouse table last read back from Iceberg; null before the first commit. */
    private Map<String, String> warehouseTable;
    private long firstRecordMillis = -1;
    /** The demo usage: customer id → what it adds to the customer's cost of {@link #usageDay}; empty: none. */
    private final Map<String, BigDecimal> expectedUsageCosts = new TreeMap<>();
    private String usageDay;
    /** customer id → the demo usage's line item in the latest cost record of {@link #usageDay}. */
    private final Map<String, BigDecimal> usageCosts = new TreeMap<>();

    /**
     * @param streams            the source streams that must each deliver a record
     * @param expectedCommandIds the demo commands that must each get a result
     * @param warehouse          the warehouse table must also equal the costs topic's latest records
     */
    QuickstartProgress(long startNanos, List<String> streams, List<String> expectedCommandIds, boolean warehouse) {
        this.startNanos = startNanos;
        this.streams = streams;
        this.expectedCommandIds = expectedCommandIds;
        this.warehouse = warehouse;
        streams.forEach(stream -> recordsPerStream.put(stream, 0L));
        recordsPerStream.put("results", 0L);
    }

    /**
     * The costs topic must also show the demo usage: the {@code lineItem} of each customer's cost of {@code day}
     * equal to its expected cost.
     */
    synchronized void expectUsageCosts(String day, String lineItem, Map<String, BigDecimal> byCustomerId,
                                       Map<String, String> aliasById) {
        usageAliases.putAll(aliasById);
        usageDay = day;
        usageLineItem = lineItem;
        expectedUsageCosts.putAll(byCustomerId);
    }

    private String usageLineItem;
    private final Map<String, String> usageAliases = new TreeMap<>();

    synchronized void onRecord(String stream, Object value) {
        if (firstRecordMillis < 0) {
            firstRecordMillis = elapsedMillis();
        }
        recordsPerStream.merge(stream, 1L, Long::sum);
        if ("results".equals(stream) && value instanceof GenericRecord result && result.get("command_id") != null) {
            statusByCommandId.put(result.get("command_id").toString(), String.valueOf(result.get("status")));
        }
        if ("costs".equals(stream) && value instanceof GenericRecord cost) {
            latestCosts.put(costKey(String.valueOf(cost.get("customer_id")), RecordLine.day(cost.get("start_timestamp")),
                    String.valueOf(cost.get("credit_type_name"))), RecordLine.money(cost, "cost"));
            String customer = String.valueOf(cost.get("customer_id"));
            if (expectedUsageCosts.containsKey(customer) && usageDay.equals(RecordLine.day(cost.get("start_timestamp")))) {
                String item = RecordLine.lineItems(cost).get(usageLineItem);
                usageCosts.put(customer, item == null ? BigDecimal.ZERO : new BigDecimal(item));
            }
        }
    }

    /** The demo usage's cost is on the costs topic for each of its customers. */
    private boolean usageComplete() {
        return expectedUsageCosts.entrySet().stream().allMatch(e -> usageCosts.containsKey(e.getKey())
                && usageCosts.get(e.getKey()).compareTo(e.getValue()) == 0);
    }

    private long usageCustomersDone() {
        return expectedUsageCosts.entrySet().stream().filter(e -> usageCosts.containsKey(e.getKey())
                && usageCosts.get(e.getKey()).compareTo(e.getValue()) == 0).count();
    }

    synchronized void onWarehouseTable(List<WarehouseReader.Row> rows) {
        Map<String, String> table = new TreeMap<>();
        rows.forEach(row -> table.put(costKey(row.customerId(), row.day(), row.creditType()), row.cost()));
        warehouseTable = table;
    }

    private static String costKey(String customerId, String day, String creditType) {
        return customerId + "/" + day + "/" + creditType;
    }

    /** With --warehouse: the last table read back from Iceberg equals the latest cost records of the topic. */
    private boolean warehouseComplete() {
        return !warehouse || (!latestCosts.isEmpty() && latestCosts.equals(warehouseTable));
    }

    /** Every stream has delivered a record and every demo command has its result. */
    synchronized boolean complete() {
        return streams.stream().allMatch(stream -> recordsPerStream.get(stream) > 0)
                && statusByCommandId.keySet().containsAll(expectedCommandIds)
                && usageComplete()
                && warehouseComplete();
    }

    synchronized String line() {
        StringBuilder line = new StringBuilder(String.format("[%5.1f s]", elapsedMillis() / 1000.0));
        streams.forEach(stream -> line.append(' ').append(stream).append('=').append(recordsPerStream.get(stream)));
        long results = expectedCommandIds.stream().filter(statusByCommandId::containsKey).count();
        line.append(" results=").append(results).append('/').append(expectedCommandIds.size());
        if (!expectedUsageCosts.isEmpty()) {
            line.append(" usage costs=").append(usageCustomersDone()).append('/').append(expectedUsageCosts.size());
        }
        if (warehouse) {
            line.append(" warehouse=").append(warehouseTable == null ? 0 : warehouseTable.size()).append(" rows")
                    .append(warehouseComplete() ? " (= costs topic)" : "");
        }
        if (firstRecordMillis >= 0) {
            line.append(String.format("  first record after %.1f s", firstRecordMillis / 1000.0));
        }
        return line.toString();
    }

    /** The machine-readable outcome the --summary file holds. */
    synchronized Map<String, Object> summary(boolean complete) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("complete", complete);
        summary.put("elapsed_ms", elapsedMillis());
        summary.put("first_record_ms", firstRecordMillis);
        summary.put("records", new LinkedHashMap<>(recordsPerStream));
        summary.put("expected_commands", expectedCommandIds);
        summary.put("results", new TreeMap<>(statusByCommandId));
        if (!expectedUsageCosts.isEmpty()) {
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("day", usageDay);
            usage.put("line_item", usageLineItem);
            usage.put("aliases", new TreeMap<>(usageAliases));
            usage.put("expected_costs", plain(expectedUsageCosts));
            usage.put("costs", plain(usageCosts));
            usage.put("complete", usageComplete());
            summary.put("usage", usage);
        }
        if (warehouse) {
            Map<String, Object> table = new LinkedHashMap<>();
            table.put("rows", warehouseTable == null ? 0 : warehouseTable.size());
            table.put("equals_costs_topic", warehouseComplete());
            summary.put("warehouse", table);
        }
        return summary;
    }

    private static Map<String, String> plain(Map<String, BigDecimal> amounts) {
        Map<String, String> plain = new TreeMap<>();
        amounts.forEach((id, amount) -> plain.put(id, amount.stripTrailingZeros().toPlainString()));
        return plain;
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
