package io.kafkaconnect.metronome.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.schema.AvroSchemaConverter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/** Builds the key and value of a billable_metrics record (schemas billable_metric_key, billable_metric). */
final class BillableMetricRecords {

    private final Schema keySchema = AvroSchemaConverter.load("billable_metric_key");
    private final Schema valueSchema = AvroSchemaConverter.load("billable_metric");
    private final Schema filterSchema = valueSchema.field("event_type_filter").schema();
    private final Schema propertyFilterSchema = valueSchema.field("property_filters").schema().valueSchema();
    private final Schema groupKeySetSchema = valueSchema.field("group_key_sets").schema().valueSchema();

    Schema keySchema() {
        return keySchema;
    }

    Schema valueSchema() {
        return valueSchema;
    }

    Struct key(String customerId, String billableMetricId) {
        return new Struct(keySchema).put("customer_id", customerId).put("billable_metric_id", billableMetricId);
    }

    Struct value(String customerId, BillableMetric metric) {
        List<List<String>> groupKeys = metric.groupKeys() == null ? List.of() : metric.groupKeys();
        Struct value = new Struct(valueSchema)
                .put("customer_id", customerId)
                .put("id", metric.id())
                .put("name", metric.name() == null ? "" : metric.name())
                .put("aggregation_type", metric.aggregationType())
                .put("aggregation_key", metric.aggregationKey())
                .put("group_keys", groupKeys)
                .put("group_key_sets", groupKeys.stream()
                        .map(keys -> new Struct(groupKeySetSchema).put("keys", keys == null ? List.of() : keys))
                        .toList())
                .put("custom_fields", metric.customFields() == null ? Map.of() : metric.customFields())
                .put("archived_at", CustomerRecords.date(metric.archivedAt()))
                .put("sql", metric.sql())
                .put("aggregate", metric.aggregate())
                .put("aggregate_keys", metric.aggregateKeys())
                .put("filter", filterText(metric.filter()))
                .put("group_by", metric.groupBy());
        if (metric.eventTypeFilter() != null) {
            value.put("event_type_filter", new Struct(filterSchema)
                    .put("in_values", metric.eventTypeFilter().inValues())
                    .put("not_in_values", metric.eventTypeFilter().notInValues()));
        }
        value.put("property_filters", metric.propertyFilters() == null ? List.of() : metric.propertyFilters().stream()
                .map(filter -> new Struct(propertyFilterSchema)
                        .put("name", filter.name() == null ? "" : filter.name())
                        .put("exists", filter.exists())
                        .put("in_values", filter.inValues())
                        .put("not_in_values", filter.notInValues()))
                .toList());
        return value;
    }

    /** The deprecated filter object as JSON text; JSON null and absence are both null. */
    private static String filterText(JsonNode filter) {
        return filter == null || filter.isNull() || filter.isMissingNode() ? null : MetronomeJson.canonicalText(filter);
    }
}
