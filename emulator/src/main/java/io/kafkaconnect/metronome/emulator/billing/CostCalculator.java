package io.kafkaconnect.metronome.emulator.billing;

import io.kafkaconnect.metronome.emulator.ApiException;
import io.kafkaconnect.metronome.emulator.state.AggregationType;
import io.kafkaconnect.metronome.emulator.state.StoredBillableMetric;
import io.kafkaconnect.metronome.emulator.state.BillableMetricCatalog;
import io.kafkaconnect.metronome.emulator.state.Rate;
import io.kafkaconnect.metronome.emulator.state.RatePlans;
import io.kafkaconnect.metronome.emulator.state.StoredUsageEvent;
import io.kafkaconnect.metronome.emulator.state.UsageStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily costs: each rated metric's quantity for the UTC day priced at the customer's rate for it, in the rate's
 * credit type. A tiered rate's tiers fill anew each day (the emulator has no billing period for costs).
 */
public final class CostCalculator {
    private static final Duration DAY = Duration.ofDays(1);

    private final UsageStore usage;
    private final BillableMetricCatalog metrics;
    private final RatePlans rates;

    public CostCalculator(UsageStore usage, BillableMetricCatalog metrics, RatePlans rates) {
        this.usage = usage;
        this.metrics = metrics;
        this.rates = rates;
    }

    /**
     * Fails with 400 when the customer's plan holds a UNIQUE metric, as Metronome does: distinct counts
     * do not add up across days.
     */
    public void requireSupported(String customerId) {
        for (StoredBillableMetric metric : metrics.inCreationOrder(rates.ratesFor(customerId).keySet())) {
            if (metric.aggregationType() == AggregationType.UNIQUE) {
                throw ApiException.badRequest(
                        "Costs are not supported for customers whose plan includes a UNIQUE billable metric");
            }
        }
    }

    /** {@code days} consecutive day buckets, the first starting at {@code firstDayStart} (a UTC midnight). */
    public List<DailyCost> dailyCosts(String customerId, Instant firstDayStart, int days) {
        Map<String, Rate> ratesByMetric = rates.ratesFor(customerId);
        List<StoredBillableMetric> rated = metrics.inCreationOrder(ratesByMetric.keySet());
        Instant end = firstDayStart.plus(DAY.multipliedBy(days));
        Map<Long, List<StoredUsageEvent>> eventsByDay = new HashMap<>();
        for (StoredUsageEvent event : usage.eventsBetween(customerId, firstDayStart, end)) {
            long day = Duration.between(firstDayStart, event.timestamp()).toDays();
            eventsByDay.computeIfAbsent(day, d -> new ArrayList<>()).add(event);
        }
        List<DailyCost> buckets = new ArrayList<>(days);
        for (int day = 0; day < days; day++) {
            Instant start = firstDayStart.plus(DAY.multipliedBy(day));
            List<StoredUsageEvent> events = eventsByDay.getOrDefault((long) day, List.of());
            List<CostLine> lines = new ArrayList<>();
            for (StoredBillableMetric metric : rated) {
                lines.addAll(costLines(metric, ratesByMetric.get(metric.id()), events));
            }
            buckets.add(new DailyCost(start, start.plus(DAY), lines));
        }
        return buckets;
    }

    private static List<CostLine> costLines(StoredBillableMetric metric, Rate rate, List<StoredUsageEvent> events) {
        List<CostLine> lines = new ArrayList<>();
        for (GroupQuantity group : GroupQuantity.of(metric, events)) {
            lines.add(new CostLine(metric.name(), rate.creditType(), Charge.of(rate, group.quantity()).total(),
                    group.groupKey(), group.groupValue()));
        }
        return lines;
    }
}
