package io.kafkaconnect.metronome.emulator.billing;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;

/**
 * One of a customer's monthly usage invoices, as {@code GET /v1/customers/{id}/invoices} lists it.
 *
 * @param content the invoice's priced content: live for a draft, the snapshot taken at the month's end once finalized
 */
public record CustomerInvoice(InvoicePreview content, InvoiceStatus status) {
    public CustomerInvoice {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(status, "status");
    }

    public String id() {
        return content.id();
    }

    /** Usage invoices are issued when their billing period ends, drafts included (the day they will be issued). */
    public Instant issuedAt() {
        return content.end();
    }

    public YearMonth month() {
        return InvoicePreviewer.monthOf(content.start());
    }

    /** The same invoice without line items of quantity 0 (they add nothing to the totals). */
    public CustomerInvoice withoutZeroQuantityLines() {
        InvoicePreview c = content;
        return new CustomerInvoice(new InvoicePreview(c.id(), c.customer(), c.creditType(), c.plan(), c.start(),
                c.end(), c.lines().stream().filter(line -> line.quantity().signum() != 0).toList(), c.adjustments()),
                status);
    }
}
