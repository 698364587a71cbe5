package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.client.model.CostBucket;
import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import io.kafkaconnect.metronome.schema.DecimalHandlingMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** Builds the key and value of a costs record: one customer, one UTC day, one credit type (schemas daily_cost*). */
final class CostRecords {

    private final Schema keySchema = AvroSchemaConverter.load("daily_cost_key");
    private final Schema valueSchema;
    private final Schema lineItemSchema;

    CostRecords() {
        this(DecimalHandlingMode.PRECISE);
    }

    CostRecords(DecimalHandlingMode mode) {
        valueSchema = AvroSchemaConverter.load("daily_cost", mode);
        lineItemSchema = valueSchema.field("line_item_breakdown").schema().valueSchema();
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
