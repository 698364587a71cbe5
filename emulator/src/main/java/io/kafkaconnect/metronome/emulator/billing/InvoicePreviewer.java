package io.kafkaconnect.metronome.emulator.billing;

import io.kafkaconnect.metronome.emulator.state.StoredBillableMetric;
import io.kafkaconnect.metronome.emulator.state.BillableMetricCatalog;
import io.kafkaconnect.metronome.emulator.state.CreditType;
import io.kafkaconnect.metronome.emulator.state.StoredCustomer;
import io.kafkaconnect.metronome.emulator.state.EmulatorClock;
import io.kafkaconnect.metronome.emulator.state.IdGenerator;
import io.kafkaconnect.metronome.emulator.state.Rate;
import io.kafkaconnect.metronome.emulator.state.RatePlan;
import io.kafkaconnect.metronome.emulator.state.RatePlans;
import io.kafkaconnect.metronome.emulator.state.StoredUsageEvent;
import io.kafkaconnect.metronome.emulator.state.UsageStore;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Prices hypothetical events on the draft invoices of the current UTC month, without storing them: one invoice per
 * credit type the customer's plan prices in, as Metronome bills each pricing unit on an invoice of its own.
 */
public final class InvoicePreviewer {
    private static final BigDecimal CENTS_PER_DOLLAR = BigDecimal.valueOf(100);

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
     * @return at least one invoice: credit types in the order the plan's rated metrics (in creation order) first
     *         use them, then USD (cents) when only the plan's minimum is in it; a customer without a plan gets
     *         one empty USD (cents) invoice
     */
    public List<InvoicePreview> preview(StoredCustomer customer, List<StoredUsageEvent> events, boolean merge,
                                        boolean skipZeroQuantity) {
        YearMonth month = monthOf(clock.now());
        Instant start = start(month);
        Instant end = start(month.plusMonths(1));

        List<StoredUsageEvent> priced = new ArrayList<>();
        for (StoredUsageEvent event : events) {
            if (!event.timestamp().isBefore(start) && event.timestamp().isBefore(end)) {
                priced.add(event);
            }
        }
        if (merge) {
            priced.addAll(usage.eventsBetween(customer.id(), start, end));
        }
        return price(customer, month, priced, skipZeroQuantity, creditType -> IdGenerator.newId());
    }

    /**
     * The customer's usage invoices of {@code month} as Metronome bills them: what {@link #preview} in "merge" mode
     * with no extra events gives while that month is current, with ids that stay the same for the customer, month
     * and credit type (so a draft keeps its id once finalized).
     */
    public List<InvoicePreview> bill(StoredCustomer customer, YearMonth month) {
        List<StoredUsageEvent> ingested = usage.eventsBetween(customer.id(), start(month), start(month.plusMonths(1)));
        return price(customer, month, ingested, false, creditType -> UUID.nameUUIDFromBytes(
                ("invoice:" + customer.id() + ":" + month + ":" + creditType.id()).getBytes(StandardCharsets.UTF_8))
                .toString());
    }

    /** The UTC calendar month {@code instant} falls in. */
    public static YearMonth monthOf(Instant instant) {
        return YearMonth.from(instant.atZone(ZoneOffset.UTC));
    }

    /** The first instant of {@code month} (UTC). */
    public static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private List<InvoicePreview> price(StoredCustomer customer, YearMonth month, List<StoredUsageEvent> priced,
                                       boolean skipZeroQuantity, Function<CreditType, String> ids) {
        Instant start = start(month);
        Instant end = start(month.plusMonths(1));
        RatePlan plan = rates.planFor(customer.id()).orElse(null);
        Map<String, Rate> ratesByMetric = plan == null ? Map.of() : plan.rates();
        Map<CreditType, List<InvoiceLine>> linesByCreditType = new LinkedHashMap<>();
        for (StoredBillableMetric metric : metrics.inCreationOrder(ratesByMetric.keySet())) {
            Rate rate = ratesByMetric.get(metric.id());
            List<InvoiceLine> lines = linesByCreditType.computeIfAbsent(rate.creditType(), type -> new ArrayList<>());
            for (GroupQuantity group : GroupQuantity.of(metric, priced)) {
                if (!skipZeroQuantity || group.quantity().signum() != 0) {
                    lines.add(new InvoiceLine(metric, rate, group.groupKey(), group.groupValue(),
                            Charge.of(rate, group.quantity())));
                }
            }
        }
        BigDecimal minimum = plan == null ? null : plan.minimum();
        if (linesByCreditType.isEmpty() || minimum != null) {
            linesByCreditType.putIfAbsent(CreditType.USD_CENTS, new ArrayList<>());
        }

        List<InvoicePreview> invoices = new ArrayList<>(linesByCreditType.size());
        linesByCreditType.forEach((creditType, lines) -> {
            BigDecimal subtotal = lines.stream().map(InvoiceLine::total).reduce(BigDecimal.ZERO, BigDecimal::add);
            List<InvoiceAdjustment> adjustments = minimum != null && creditType.equals(CreditType.USD_CENTS)
                    && subtotal.compareTo(minimum) < 0
                    ? List.of(new InvoiceAdjustment("Monthly minimum (" + dollars(minimum) + ")",
                            minimum.subtract(subtotal)))
                    : List.of();
            invoices.add(new InvoicePreview(ids.apply(creditType), customer, creditType, plan, start, end, lines,
                    adjustments));
        });
        return invoices;
    }

    /** Cents as Metronome names minimums: {@code $1,000}, {@code $12.50}. */
    private static String dollars(BigDecimal cents) {
        DecimalFormat format = new DecimalFormat("$#,##0.##", DecimalFormatSymbols.getInstance(Locale.US));
        format.setMinimumFractionDigits(cents.remainder(CENTS_PER_DOLLAR).signum() == 0 ? 0 : 2);
        return format.format(cents.divide(CENTS_PER_DOLLAR));
    }
}
