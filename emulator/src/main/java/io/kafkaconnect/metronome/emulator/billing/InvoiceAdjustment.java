package io.kafkaconnect.metronome.emulator.billing;

import java.math.BigDecimal;

/** An amount added to (or taken from) an invoice's subtotal, in the invoice's credit type. */
public record InvoiceAdjustment(String name, BigDecimal total) {
    public InvoiceAdjustment {
        total = total.stripTrailingZeros();
    }
}
