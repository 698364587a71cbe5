package io.kafkaconnect.metronome.emulator.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A draft usage invoice for one customer and one calendar month. */
public record InvoicePreview(String id, String customerId, Instant start, Instant end, List<InvoiceLine> lines) {

    public BigDecimal total() {
        return lines.stream().map(InvoiceLine::total).reduce(BigDecimal.ZERO, BigDecimal::add).stripTrailingZeros();
    }
}
