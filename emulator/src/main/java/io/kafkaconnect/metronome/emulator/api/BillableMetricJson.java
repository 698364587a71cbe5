package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;
import io.kafkaconnect.metronome.emulator.state.BillableMetric;
import io.kafkaconnect.metronome.emulator.state.PropertyFilter;

import java.util.List;

/** The wire shape of a billable metric; optional parts are left out when unset, as Metronome does. */
final class BillableMetricJson {
    private BillableMetricJson() {
    }

    static ObjectNode metric(BillableMetric metric) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("id", metric.id());
        json.put("name", metric.name());
        json.put("aggregation_type", metric.aggregationType().name());
        if (metric.aggregationKey() != null) {
            json.put("aggregation_key", metric.aggregationKey());
        }
        if (metric.eventTypeFilter() != null) {
            ObjectNode filter = json.putObject("event_type_filter");
            putList(filter, "in_values", metric.eventTypeFilter().inValues());
            putList(filter, "not_in_values", metric.eventTypeFilter().notInValues());
        }
        ArrayNode filters = json.putArray("property_filters");
        for (PropertyFilter propertyFilter : metric.propertyFilters()) {
            ObjectNode filter = filters.addObject();
            filter.put("name", propertyFilter.name());
            if (propertyFilter.exists() != null) {
                filter.put("exists", propertyFilter.exists());
            }
            putList(filter, "in_values", propertyFilter.inValues());
            putList(filter, "not_in_values", propertyFilter.notInValues());
        }
        ArrayNode groupKeys = json.putArray("group_keys");
        metric.groupKeys().forEach(group -> group.forEach(groupKeys.addArray()::add));
        ObjectNode customFields = json.putObject("custom_fields");
        metric.customFields().forEach(customFields::put);
        if (metric.archivedAt() != null) {
            json.put("archived_at", metric.archivedAt().toString());
        }
        return json;
    }

    private static void putList(ObjectNode json, String field, List<String> values) {
        if (values != null) {
            values.forEach(json.putArray(field)::add);
        }
    }
}
