package io.kafkaconnect.metronome.client.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A billable metric as listed for a customer. */
public record BillableMetric(
        String id,
        String name,
        String aggregationType,
        String aggregationKey,
        EventTypeFilter eventTypeFilter,
        List<PropertyFilter> propertyFilters,
        List<List<String>> groupKeys,
        Map<String, String> customFields,
        Instant archivedAt,
        String sql) {

    public record EventTypeFilter(List<String> inValues, List<String> notInValues) {
    }

    public record PropertyFilter(String name, Boolean exists, List<String> inValues, List<String> notInValues) {
    }
}
