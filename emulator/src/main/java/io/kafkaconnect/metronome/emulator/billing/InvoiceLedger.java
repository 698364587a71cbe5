package io.kafkaconnect.metronome.emulator.billing;

import io.kafkaconnect.metronome.emulator.state.CustomerStore;
import io.kafkaconnect.metronome.emulator.state.EmulatorClock;
import io.kafkaconnect.metronome.emulator.state.StoredCustomer;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every customer's monthly usage invoices, as Metronome bills a usage plan: one invoice per UTC calendar month from
 * the customer's creation month through the emulator clock's month, one per credit type (as {@link InvoicePreviewer}
 * splits them). A month's invoices are drafts, priced from the ingested usage on every read, until the clock passes
 * the month's end; then they are finalized: their content is snapshotted, so usage ingested later for that month
 * (late usage, within the backdating window) and later plan changes leave them as they were.
 *
 * <p>Finalization runs in {@link #catchUp()}, which the emulator calls after every clock move and before every
 * request, so a month closed by real time is finalized before any later usage is recorded. Moving the clock back
 * does not reopen a finalized month. Archiving a customer voids its open months' invoices ({@link #voidOpen}),
 * snapshotted as they were, and ends its billing: no months after the archive's.
 */
public final class InvoiceLedger {
    private final CustomerStore customers;
    private final InvoicePreviewer previewer;
    private final EmulatorClock clock;
    /** Per customer id, the closed (finalized or voided) invoices by month. */
    private final Map<String, NavigableMap<YearMonth, List<CustomerInvoice>>> finalized = new ConcurrentHashMap<>();
    /** The clock's month at the last catch-up; null before the first one. */
    private volatile YearMonth caughtUpMonth;

    public InvoiceLedger(CustomerStore customers, InvoicePreviewer previewer, EmulatorClock clock) {
        this.customers = customers;
        this.previewer = previewer;
        this.clock = clock;
    }

    /**
     * Finalizes every customer's months that ended before the clock's month and are not finalized yet. Cheap while
     * the clock stays in the month of the last catch-up; a clock moved to another month (either way) runs it again.
     */
    public void catchUp() {
        YearMonth current = InvoicePreviewer.monthOf(clock.now());
        if (current.equals(caughtUpMonth)) {
            return;
        }
        synchronized (this) {
            if (current.equals(caughtUpMonth)) {
                return;
            }
            for (StoredCustomer customer : customers.all()) {
                close(customer, current, InvoiceStatus.FINALIZED);
            }
            caughtUpMonth = current;
        }
    }

    /**
     * The customer's invoices, oldest month first and within a month in the credit types' order: the finalized ones,
     * then drafts for the months up to the clock's that are not finalized (normally just the current month).
     *
     * @throws io.kafkaconnect.metronome.emulator.ApiException 404 for an unknown customer
     */
    public List<CustomerInvoice> invoices(String customerId) {
        catchUp();
        StoredCustomer customer = customers.require(customerId);
        NavigableMap<YearMonth, List<CustomerInvoice>> closed = finalized.getOrDefault(customerId,
                new ConcurrentSkipListMap<>());
        List<CustomerInvoice> all = new ArrayList<>();
        closed.values().forEach(all::addAll);
        YearMonth last = lastBilledMonth(customer, InvoicePreviewer.monthOf(clock.now()));
        for (YearMonth month = creationMonth(customer); !month.isAfter(last); month = month.plusMonths(1)) {
            if (!closed.containsKey(month)) {
                for (InvoicePreview draft : previewer.bill(customer, month)) {
                    all.add(new CustomerInvoice(draft, InvoiceStatus.DRAFT));
                }
            }
        }
        all.sort((a, b) -> a.month().compareTo(b.month())); // stable: keeps the credit types' order in a month
        return all;
    }

    /**
     * Voids the invoices of the archived customer's months that are not finalized (through the archive's month), as
     * "archive ... voids their invoices" (metronome-api.md); finalized invoices stay as they are.
     */
    public synchronized void voidOpen(StoredCustomer archived) {
        close(archived, InvoicePreviewer.monthOf(archived.archivedAt()).plusMonths(1), InvoiceStatus.VOID);
    }

    /** @throws io.kafkaconnect.metronome.emulator.ApiException 404 for an unknown customer */
    public Optional<CustomerInvoice> invoice(String customerId, String invoiceId) {
        return invoices(customerId).stream().filter(invoice -> invoice.id().equals(invoiceId)).findFirst();
    }

    public synchronized void clear() {
        finalized.clear();
        caughtUpMonth = null;
    }

    /** Snapshots the customer's months before {@code end} that are not closed yet, with {@code status}. */
    private void close(StoredCustomer customer, YearMonth end, InvoiceStatus status) {
        YearMonth month = creationMonth(customer);
        YearMonth last = lastBilledMonth(customer, end.minusMonths(1));
        if (!month.isAfter(last)) {
            NavigableMap<YearMonth, List<CustomerInvoice>> closed =
                    finalized.computeIfAbsent(customer.id(), id -> new ConcurrentSkipListMap<>());
            for (; !month.isAfter(last); month = month.plusMonths(1)) {
                if (!closed.containsKey(month)) {
                    closed.put(month, previewer.bill(customer, month).stream()
                            .map(content -> new CustomerInvoice(content, status)).toList());
                }
            }
        }
    }

    /** {@code month}, or the archive's month when the customer was archived before. */
    private static YearMonth lastBilledMonth(StoredCustomer customer, YearMonth month) {
        if (customer.archived()) {
            YearMonth archivedIn = InvoicePreviewer.monthOf(customer.archivedAt());
            return archivedIn.isBefore(month) ? archivedIn : month;
        }
        return month;
    }

    private static YearMonth creationMonth(StoredCustomer customer) {
        return InvoicePreviewer.monthOf(customer.createdAt());
    }
}
