package io.kafkaconnect.metronome.emulator.billing;

import io.kafkaconnect.metronome.emulator.state.CreditType;
import io.kafkaconnect.metronome.emulator.state.StoredCustomer;
import io.kafkaconnect.metronome.emulator.state.RatePlan;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A draft usage invoice for one customer, one calendar month and one credit type.
 *
 * @param plan null when the customer has no plan
 */
public record InvoicePreview(String id, StoredCustomer customer, CreditType creditType, RatePlan plan, Instant start,
                             Instant end, List<InvoiceLine> lines, List<InvoiceAdjustment> adjustments) {

    public InvoicePreview {
        lines = List.copyOf(lines);
        adjustments = List.copyOf(adjustments);
    }

    /** The line items' total. */
    public BigDecimal subtotal() {
        return lines.stream().map(InvoiceLine::total).reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros();
    }

    /** The subtotal with the adjustments. */
    public BigDecimal total() {
        return adjustments.stream().map(InvoiceAdjustment::total).reduce(subtotal(), BigDecimal::add)
                .stripTrailingZeros();
    }
}
