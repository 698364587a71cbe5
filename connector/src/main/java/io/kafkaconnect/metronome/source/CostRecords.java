package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.client.model.CostBucket;
import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import io.kafkaconnect.metronome.schema.DecimalHandlingMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Builds the key and value of a costs record: one customer, one UTC day, one credit type (schemas daily_cost*); and
 * of the cost line items records that flatten its breakdown, one per line item and group (schemas cost_line_item*).
 */
final class CostRecords {

    private final Schema keySchema = AvroSchemaConverter.load("daily_cost_key");
    private final Schema valueSchema;
    private final Schema lineItemSchema;
    private final Schema lineItemKeySchema = AvroSchemaConverter.load("cost_line_item_key");
    private final Schema lineItemValueSchema;

    CostRecords() {
        this(DecimalHandlingMode.PRECISE);
    }

    CostRecords(DecimalHandlingMode mode) {
        valueSchema = AvroSchemaConverter.load("daily_cost", mode);
        lineItemSchema = valueSchema.field("line_item_breakdown").schema().valueSchema();
        lineItemValueSchema = AvroSchemaConverter.load("cost_line_item", mode);
    }

    Schema lineItemKeySchema() {
        return lineItemKeySchema;
    }

    Schema lineItemValueSchema() {
        return lineItemValueSchema;
    }

    /** A key and value of the cost line items topic. */
    record LineItem(Struct key, Struct value) {
    }

    /**
     * The day's line items as flat records, in the order of the breakdown: one per (name, group key, group value),
     * an absent group key or value as the empty string (the key is a primary key: no nulls); should the breakdown
     * list the same (name, group key, group value) twice, one record carries the exact sum.
     */
    List<LineItem> lineItems(String customerId, CostBucket bucket, String creditTypeId,
                             CostBucket.CreditTypeCost cost, boolean pending) {
        if (cost.lineItemBreakdown() == null) {
            return List.of();
        }
        Map<List<String>, BigDecimal> sums = new LinkedHashMap<>();
        for (CostBucket.LineItemCost item : cost.lineItemBreakdown()) {
            List<String> id = List.of(orEmpty(item.name()), orEmpty(item.groupKey()), orEmpty(item.groupValue()));
            sums.merge(id, item.cost() == null ? BigDecimal.ZERO : item.cost(), BigDecimal::add);
        }
        List<LineItem> out = new ArrayList<>(sums.size());
        for (Map.Entry<List<String>, BigDecimal> sum : sums.entrySet()) {
            List<String> id = sum.getKey();
            Struct key = new Struct(lineItemKeySchema)
                    .put("customer_id", customerId)
                    .put("start_timestamp", Date.from(bucket.startTimestamp()))
                    .put("credit_type_id", creditTypeId)
                    .put("name", id.get(0))
                    .put("group_key", id.get(1))
                    .put("group_value", id.get(2));
            Struct value = new Struct(lineItemValueSchema)
                    .put("customer_id", customerId)
                    .put("start_timestamp", Date.from(bucket.startTimestamp()))
                    .put("end_timestamp", Date.from(bucket.endTimestamp()))
                    .put("credit_type_id", creditTypeId)
                    .put("credit_type_name", cost.name())
                    .put("name", id.get(0))
                    .put("group_key", id.get(1))
                    .put("group_value", id.get(2))
                    .put("cost", money(lineItemValueSchema, "cost", sum.getValue()))
                    .put("pending", pending);
            out.add(new LineItem(key, value));
        }
        return out;
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    Schema keySchema() {
        return keySchema;
    }

    Schema valueSchema() {
        return valueSchema;
    }

    Struct key(String customerId, Instant dayStart, String creditTypeId) {
        return new Struct(keySchema)
                .put("customer_id", customerId)
                .put("start_timestamp", Date.from(dayStart))
                .put("credit_type_id", creditTypeId);
    }

    Struct value(String customerId, CostBucket bucket, String creditTypeId, CostBucket.CreditTypeCost cost,
                 boolean pending) {
        List<Struct> lineItems = cost.lineItemBreakdown() == null ? List.of() : cost.lineItemBreakdown().stream()
                .map(item -> new Struct(lineItemSchema)
                        .put("name", item.name() == null ? "" : item.name())
                        .put("cost", money(lineItemSchema, "cost", item.cost()))
                        .put("group_key", item.groupKey())
                        .put("group_value", item.groupValue()))
                .toList();
        return new Struct(valueSchema)
                .put("customer_id", customerId)
                .put("start_timestamp", Date.from(bucket.startTimestamp()))
                .put("end_timestamp", Date.from(bucket.endTimestamp()))
                .put("credit_type_id", creditTypeId)
                .put("credit_type_name", cost.name())
                .put("cost", money(valueSchema, "cost", cost.cost()))
                .put("line_item_breakdown", lineItems)
                .put("pending", pending);
    }

    /** The exact amount in the field's decimal handling mode; an absent amount is 0 (the field is required). */
    private static Object money(Schema schema, String field, BigDecimal amount) {
        return DecimalHandlingMode.toConnect(schema.field(field).schema(), amount == null ? BigDecimal.ZERO : amount);
    }
}
