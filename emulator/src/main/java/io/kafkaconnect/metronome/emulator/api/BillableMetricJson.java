package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;
import io.kafkaconnect.metronome.emulator.state.StoredBillableMetric;
import io.kafkaconnect.metronome.emulator.state.EventTypeFilter;
import io.kafkaconnect.metronome.emulator.state.PropertyFilter;

import java.util.List;

/**
 * The wire shape of a billable metric in a customer's list; optional parts are left out when unset, as Metronome
 * does. It carries the deprecated fields too (seed 000, SDK {@code CustomerListBillableMetricsResponse}), derived
 * from the modern ones that replaced them: {@code aggregate} = aggregation_type, {@code aggregate_keys}
 * = [aggregation_key], {@code group_by} = the properties of group_keys, {@code filter} = the event type and
 * property filters.
 */
final class BillableMetricJson {
    private BillableMetricJson() {
    }

    static ObjectNode metric(StoredBillableMetric metric) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("id", metric.id());
        json.put("name", metric.name());
        json.put("aggregation_type", metric.aggregationType().name());
        if (metric.aggregationKey() != null) {
            json.put("aggregation_key", metric.aggregationKey());
        }
        if (metric.eventTypeFilter() != null) {
            json.set("event_type_filter", eventTypeFilter(metric.eventTypeFilter()));
        }
        json.set("property_filters", propertyFilters(metric.propertyFilters()));
        ArrayNode groupKeys = json.putArray("group_keys");
        metric.groupKeys().forEach(group -> group.forEach(groupKeys.addArray()::add));
        ObjectNode customFields = json.putObject("custom_fields");
        metric.customFields().forEach(customFields::put);
        if (metric.archivedAt() != null) {
            json.put("archived_at", metric.archivedAt().toString());
        }
        json.put("aggregate", metric.aggregate());
        metric.aggregateKeys().forEach(json.putArray("aggregate_keys")::add);
        ObjectNode filter = json.putObject("filter");
        if (metric.eventTypeFilter() != null) {
            filter.set("event_type_filter", eventTypeFilter(metric.eventTypeFilter()));
        }
        filter.set("property_filters", propertyFilters(metric.propertyFilters()));
        metric.groupBy().forEach(json.putArray("group_by")::add);
        return json;
    }

    private static ObjectNode eventTypeFilter(EventTypeFilter eventTypeFilter) {
        ObjectNode filter = JsonCodec.MAPPER.createObjectNode();
        putList(filter, "in_values", eventTypeFilter.inValues());
        putList(filter, "not_in_values", eventTypeFilter.notInValues());
        return filter;
    }

    private static ArrayNode propertyFilters(List<PropertyFilter> propertyFilters) {
        ArrayNode filters = JsonCodec.MAPPER.createArrayNode();
        for (PropertyFilter propertyFilter : propertyFilters) {
            ObjectNode filter = filters.addObject();
            filter.put("name", propertyFilter.name());
            if (propertyFilter.exists() != null) {
                filter.put("exists", propertyFilter.exists());
            }
            putList(filter, "in_values", propertyFilter.inValues());
            putList(filter, "not_in_values", propertyFilter.notInValues());
        }
        return filters;
    }

    private static void putList(ObjectNode json, String field, List<String> values) {
        if (values != null) {
            values.forEach(json.putArray(field)::add);
        }
    }
}
