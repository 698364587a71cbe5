package io.kafkaconnect.metronome.emulator.state;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A billable metric; immutable, archiving swaps in a new version.
 *
 * @param seq             creation order, the key of pagination and of line-item order
 * @param aggregationKey  null for COUNT
 * @param eventTypeFilter null when the metric has none
 */
public record StoredBillableMetric(long seq, String id, String name, AggregationType aggregationType,
                             String aggregationKey, EventTypeFilter eventTypeFilter,
                             List<PropertyFilter> propertyFilters, List<List<String>> groupKeys,
                             Map<String, String> customFields, Instant archivedAt) {

    public boolean matches(StoredUsageEvent event) {
        if (eventTypeFilter != null && !eventTypeFilter.test(event.eventType())) {
            return false;
        }
        for (PropertyFilter filter : propertyFilters) {
            if (!filter.test(event.properties())) {
                return false;
            }
        }
        return true;
    }

    /** The property costs are broken down by: the first key of the first group, or null. */
    public String breakdownKey() {
        return groupKeys.isEmpty() || groupKeys.get(0).isEmpty() ? null : groupKeys.get(0).get(0);
    }

    /** Deprecated {@code aggregate}: the aggregation type it was renamed to. */
    public String aggregate() {
        return aggregationType.name();
    }

    /** Deprecated {@code aggregate_keys}: the aggregation key as a list, empty for COUNT. */
    public List<String> aggregateKeys() {
        return aggregationKey == null ? List.of() : List.of(aggregationKey);
    }

    /** Deprecated {@code group_by}: every property of the group keys once, in order of first use. */
    public List<String> groupBy() {
        LinkedHashSet<String> properties = new LinkedHashSet<>();
        groupKeys.forEach(properties::addAll);
        return List.copyOf(properties);
    }

    public boolean archived() {
        return archivedAt != null;
    }

    StoredBillableMetric withCustomFields(Map<String, String> fields) {
        return new StoredBillableMetric(seq, id, name, aggregationType, aggregationKey, eventTypeFilter,
                propertyFilters, groupKeys, fields, archivedAt);
    }

    StoredBillableMetric archivedAt(Instant now) {
        return new StoredBillableMetric(seq, id, name, aggregationType, aggregationKey, eventTypeFilter,
                propertyFilters, groupKeys, customFields, now);
    }
}
