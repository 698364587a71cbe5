package io.kafkaconnect.metronome.emulator.state;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each customer's "plan": a price per unit for some billable metrics. Metronome's real plans and
 * contracts are far richer; costs and invoice previews only need this much.
 */
public final class RatePlans {
    private final Map<String, Map<String, BigDecimal>> ratesByCustomer = new ConcurrentHashMap<>();

    public void replace(String customerId, Map<String, BigDecimal> ratesByMetricId) {
        ratesByCustomer.put(customerId, Map.copyOf(ratesByMetricId));
    }

    /** Price per unit by billable metric id; empty when the customer has no plan. */
    public Map<String, BigDecimal> ratesFor(String customerId) {
        return ratesByCustomer.getOrDefault(customerId, Map.of());
    }

    public void clear() {
        ratesByCustomer.clear();
    }
}
