package io.kafkaconnect.metronome.client.model;

import java.util.List;
import java.util.Map;

/** Body of {@code POST /v1/billable-metrics/create}. */
public record CreateBillableMetricRequest(
        String name,
        String aggregationType,
        String aggregationKey,
        BillableMetric.EventTypeFilter eventTypeFilter,
        List<BillableMetric.PropertyFilter> propertyFilters,
        List<List<String>> groupKeys,
        Map<String, String> customFields) {
}
