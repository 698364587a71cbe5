package io.kafkaconnect.metronome.emulator.billing;

import java.math.BigDecimal;

/** One usage line item of a preview invoice. */
public record InvoiceLine(String metricId, String name, BigDecimal quantity, BigDecimal unitPrice) {
    public InvoiceLine {
        quantity = quantity.stripTrailingZeros();
        unitPrice = unitPrice.stripTrailingZeros();
    }

    public BigDecimal total() {
        return quantity.multiply(unitPrice).stripTrailingZeros();
    }
}
