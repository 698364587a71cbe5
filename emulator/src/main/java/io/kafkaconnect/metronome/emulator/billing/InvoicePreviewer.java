package io.kafkaconnect.metronome.emulator.billing;

import io.kafkaconnect.metronome.emulator.state.BillableMetric;
import io.kafkaconnect.metronome.emulator.state.BillableMetricCatalog;
import io.kafkaconnect.metronome.emulator.state.EmulatorClock;
import io.kafkaconnect.metronome.emulator.state.IdGenerator;
import io.kafkaconnect.metronome.emulator.state.RatePlans;
import io.kafkaconnect.metronome.emulator.state.UsageEvent;
import io.kafkaconnect.metronome.emulator.state.UsageStore;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prices hypothetical events on the draft invoice of the current UTC month, without storing them. */
public final class InvoicePreviewer {
    private final UsageStore usage;
    private final BillableMetricCatalog metrics;
    private final RatePlans rates;
    private final EmulatorClock clock;

    public InvoicePreviewer(UsageStore usage, BillableMetricCatalog metrics, RatePlans rates, EmulatorClock clock) {
        this.usage = usage;
        this.metrics = metrics;
        this.rates = rates;
        this.clock = clock;
    }

    /**
     * @param merge            also count the customer's ingested events of the month ("merge" mode);
     *                         otherwise only the given ones ("replace")
     * @param skipZeroQuantity drop line items whose quantity is 0
     */
    public InvoicePreview preview(String customerId, List<UsageEvent> events, boolean merge, boolean skipZeroQuantity) {
        YearMonth month = YearMonth.from(clock.now().atZone(ZoneOffset.UTC));
        Instant start = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();

        List<UsageEvent> priced = new ArrayList<>();
        for (UsageEvent event : events) {
            if (!event.timestamp().isBefore(start) && event.timestamp().isBefore(end)) {
                priced.add(event);
            }
        }
        if (merge) {
            priced.addAll(usage.eventsBetween(customerId, start, end));
        }

        Map<String, BigDecimal> ratesByMetric = rates.ratesFor(customerId);
        List<InvoiceLine> lines = new ArrayList<>();
        for (BillableMetric metric : metrics.inCreationOrder(ratesByMetric.keySet())) {
            BigDecimal quantity = MetricAggregator.aggregate(metric, priced);
            if (!skipZeroQuantity || quantity.signum() != 0) {
                lines.add(new InvoiceLine(metric.id(), metric.name(), quantity, ratesByMetric.get(metric.id())));
            }
        }
        return new InvoicePreview(IdGenerator.newId(), customerId, start, end, lines);
    }
}
