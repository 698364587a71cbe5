package io.kafkaconnect.metronome.emulator.state;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Each customer's {@link RatePlan}, if it has one. */
public final class RatePlans {
    private final Map<String, RatePlan> plansByCustomer = new ConcurrentHashMap<>();

    public void replace(String customerId, RatePlan plan) {
        plansByCustomer.put(customerId, plan);
    }

    public Optional<RatePlan> planFor(String customerId) {
        return Optional.ofNullable(plansByCustomer.get(customerId));
    }

    /** Rates by billable metric id; empty when the customer has no plan. */
    public Map<String, Rate> ratesFor(String customerId) {
        return planFor(customerId).map(RatePlan::rates).orElse(Map.of());
    }

    public void clear() {
        plansByCustomer.clear();
    }
}
