package io.kafkaconnect.metronome.emulator.billing;

import io.kafkaconnect.metronome.emulator.state.StoredBillableMetric;
import io.kafkaconnect.metronome.emulator.state.StoredUsageEvent;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A metric's quantity for one value of its group key, or for all its usage when it has no group key.
 * Costs and invoice line items break down the same way, through {@link #of}.
 *
 * @param groupKey   null for an ungrouped metric
 * @param groupValue null for events without the group key's property (and for an ungrouped metric)
 */
public record GroupQuantity(String groupKey, String groupValue, BigDecimal quantity) {

    /**
     * One entry per value of the metric's {@linkplain StoredBillableMetric#breakdownKey() group key} among the matching
     * events, ordered by value; a single ungrouped entry when the metric has no group key or no matching event.
     */
    public static List<GroupQuantity> of(StoredBillableMetric metric, List<StoredUsageEvent> events) {
        String groupKey = metric.breakdownKey();
        if (groupKey != null) {
            Map<String, BigDecimal> byGroup = MetricAggregator.aggregateByGroup(metric, events, groupKey);
            if (!byGroup.isEmpty()) {
                List<GroupQuantity> groups = new ArrayList<>(byGroup.size());
                byGroup.forEach((value, quantity) -> groups.add(new GroupQuantity(groupKey, value, quantity)));
                return groups;
            }
        }
        return List.of(new GroupQuantity(null, null, MetricAggregator.aggregate(metric, events)));
    }
}
