package io.kafkaconnect.metronome.client.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One day of a customer's costs, keyed by credit type id. Amounts are exact: JSON numbers read as {@link BigDecimal}.
 * A bucket without {@code credit_types} (absent or null) is a day without costs: an empty map.
 */
public record CostBucket(
        Instant startTimestamp,
        Instant endTimestamp,
        Map<String, CreditTypeCost> creditTypes) {

    public CostBucket {
        creditTypes = creditTypes == null ? Map.of() : creditTypes;
    }

    public record CreditTypeCost(String name, BigDecimal cost, List<LineItemCost> lineItemBreakdown) {
    }

    public record LineItemCost(String name, BigDecimal cost, String groupKey, String groupValue) {
    }
}
