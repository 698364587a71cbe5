package io.kafkaconnect.metronome.client.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One day of a customer's costs, keyed by credit type id. */
public record CostBucket(
        Instant startTimestamp,
        Instant endTimestamp,
        Map<String, CreditTypeCost> creditTypes) {

    public record CreditTypeCost(String name, double cost, List<LineItemCost> lineItemBreakdown) {
    }

    public record LineItemCost(String name, double cost, String groupKey, String groupValue) {
    }
}
