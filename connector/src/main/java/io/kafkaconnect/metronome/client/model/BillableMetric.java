package io.kafkaconnect.metronome.client.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A billable metric as listed for a customer. The last four components are the deprecated fields of seed 000 and
 * the SDK's {@code CustomerListBillableMetricsResponse}, null when Metronome leaves them out.
 *
 * @param aggregate     deprecated for aggregationType
 * @param aggregateKeys deprecated for aggregationKey
 * @param filter        deprecated for eventTypeFilter and propertyFilters; an object of undocumented shape
 * @param groupBy       deprecated for groupKeys
 */
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
        String sql,
        String aggregate,
        List<String> aggregateKeys,
        JsonNode filter,
        List<String> groupBy) {

    public record EventTypeFilter(List<String> inValues, List<String> notInValues) {
    }

    public record PropertyFilter(String name, Boolean exists, List<String> inValues, List<String> notInValues) {
    }
}
