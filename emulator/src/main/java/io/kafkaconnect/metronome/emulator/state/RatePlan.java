package io.kafkaconnect.metronome.emulator.state;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A customer's plan: a rate per billable metric and an optional monthly minimum. Metronome's real plans and
 * contracts are far richer; costs and invoice previews only need this much.
 *
 * @param rates   by billable metric id
 * @param minimum the least the USD (cents) invoice of a month comes to, or null; a shortfall is an invoice
 *                adjustment
 */
public record RatePlan(String id, String name, Map<String, Rate> rates, BigDecimal minimum) {
    public static final String DEFAULT_NAME = "Emulator plan";

    public RatePlan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        rates = Collections.unmodifiableMap(new LinkedHashMap<>(rates));
        if (minimum != null && minimum.signum() < 0) {
            throw new IllegalArgumentException("minimum must not be negative");
        }
    }

    /** A new plan with a fresh id; {@code name} null for {@value #DEFAULT_NAME}. */
    public static RatePlan of(String name, Map<String, Rate> rates, BigDecimal minimum) {
        return new RatePlan(IdGenerator.newId(), name == null ? DEFAULT_NAME : name, rates, minimum);
    }

    /** Flat prices per unit in USD (cents), without a minimum: what the emulator's plans were at first. */
    public static RatePlan flatUsd(Map<String, BigDecimal> pricesByMetricId) {
        Map<String, Rate> rates = new LinkedHashMap<>();
        pricesByMetricId.forEach((metricId, price) -> rates.put(metricId, Rate.flat(price)));
        return of(null, rates, null);
    }
}
