package io.kafkaconnect.metronome.quickstart.records;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** One readable line per record of the quickstart's topics. */
public final class RecordLine {

    private RecordLine() {
    }

    /** @param stream customers, costs, billable_metrics, invoices or results */
    public static String format(String stream, Object key, Object value) {
        if (value == null) {
            return String.format("%-9s %s  (tombstone)", label(stream), key);
        }
        if (!(value instanceof GenericRecord record)) {
            return String.format("%-9s %s  %s", label(stream), key, value);
        }
        return switch (stream) {
            case "customers" -> String.format("customer  %s  \"%s\"  aliases=%s%s", field(record, "id"),
                    field(record, "name"), field(record, "ingest_aliases"),
                    record.get("archived_at") == null ? "" : "  ARCHIVED");
            case "costs" -> String.format("cost      %s  %s  %s %s%s", field(record, "customer_id"),
                    day(record.get("start_timestamp")), money(record, "cost"), field(record, "credit_type_name"),
                    lineItems(record).isEmpty() ? "" : "  " + lineItems(record));
            case "billable_metrics" -> String.format("metric    %s  \"%s\" %s", field(record, "customer_id"),
                    field(record, "name"), field(record, "aggregation_type"));
            case "invoices" -> String.format("invoice   %s  %s  %s  %s..%s  total %s %s", field(record, "id"),
                    field(record, "customer_id"), field(record, "status"), day(record.get("start_timestamp")),
                    day(record.get("end_timestamp")), money(record, "total"), field(record, "credit_type_name"));
            case "results" -> String.format("result    %s  %s  %s%s%s", field(record, "command_id"),
                    field(record, "action"), field(record, "status"),
                    record.get("customer_id") == null ? "" : "  customer=" + record.get("customer_id"),
                    record.get("message") == null ? "" : "  (" + record.get("message") + ")");
            default -> String.format("%-9s %s  %s", label(stream), key, record);
        };
    }

    private static String label(String stream) {
        return switch (stream) {
            case "customers" -> "customer";
            case "costs" -> "cost";
            case "billable_metrics" -> "metric";
            case "invoices" -> "invoice";
            case "results" -> "result";
            default -> stream;
        };
    }

    private static String field(GenericRecord record, String name) {
        return record.hasField(name) ? String.valueOf(record.get(name)) : "?";
    }

    /** A decimal field (Avro bytes + logicalType decimal) as its exact digits; other encodings as they come. */
    public static String money(GenericRecord record, String name) {
        if (!record.hasField(name)) {
            return "?";
        }
        Object value = record.get(name);
        Schema schema = record.getSchema().getField(name).schema();
        if (value instanceof ByteBuffer bytes && schema.getLogicalType() instanceof LogicalTypes.Decimal) {
            return new Conversions.DecimalConversion().fromBytes(bytes.duplicate(), schema, schema.getLogicalType())
                    .stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /** A cost record's line items (name → exact cost), e.g. {API calls=12.5, Tokens=43.2125}; grouped ones summed. */
    public static Map<String, String> lineItems(GenericRecord cost) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        if (cost.hasField("line_item_breakdown") && cost.get("line_item_breakdown") instanceof List<?> items) {
            for (Object item : items) {
                if (item instanceof GenericRecord line) {
                    try {
                        sums.merge(String.valueOf(line.get("name")), new BigDecimal(money(line, "cost")), BigDecimal::add);
                    } catch (NumberFormatException notADecimal) { // decimal.handling.mode=double: not summed
                    }
                }
            }
        }
        Map<String, String> plain = new LinkedHashMap<>();
        sums.forEach((name, sum) -> plain.put(name, sum.stripTrailingZeros().toPlainString()));
        return plain;
    }

    /** The UTC day of a timestamp-millis field. */
    public static String day(Object epochMillis) {
        return epochMillis instanceof Long millis
                ? Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC).toLocalDate().toString()
                : String.valueOf(epochMillis);
    }
}
