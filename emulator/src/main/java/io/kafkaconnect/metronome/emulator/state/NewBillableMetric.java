package io.kafkaconnect.metronome.emulator.state;

import java.util.List;
import java.util.Map;

/** A validated create-billable-metric request. */
public record NewBillableMetric(String name, AggregationType aggregationType, String aggregationKey,
                                EventTypeFilter eventTypeFilter, List<PropertyFilter> propertyFilters,
                                List<List<String>> groupKeys, Map<String, String> customFields) {
}
