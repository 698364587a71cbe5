package io.kafkaconnect.metronome.emulator;

import io.kafkaconnect.metronome.emulator.api.IngestLimits;
import io.kafkaconnect.metronome.emulator.billing.InvoiceLedger;
import io.kafkaconnect.metronome.emulator.billing.InvoicePreviewer;
import io.kafkaconnect.metronome.emulator.http.FaultInjector;
import io.kafkaconnect.metronome.emulator.http.IdempotencyCache;
import io.kafkaconnect.metronome.emulator.http.RequestCounter;
import io.kafkaconnect.metronome.emulator.state.BillableMetricCatalog;
import io.kafkaconnect.metronome.emulator.state.CustomFieldKeys;
import io.kafkaconnect.metronome.emulator.state.CustomerStore;
import io.kafkaconnect.metronome.emulator.state.EmulatorClock;
import io.kafkaconnect.metronome.emulator.state.RatePlan;
import io.kafkaconnect.metronome.emulator.state.RatePlans;
import io.kafkaconnect.metronome.emulator.state.UsageStore;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything one emulator instance remembers, wired once and shared by the HTTP handlers and the Java
 * conveniences of {@link MetronomeEmulator}, so both paths have the same effect.
 */
public final class EmulatorState {
    private final EmulatorClock clock = new EmulatorClock();
    private final CustomFieldKeys customFieldKeys = new CustomFieldKeys();
    private final CustomerStore customers = new CustomerStore(customFieldKeys);
    private final UsageStore usage = new UsageStore(IngestLimits.DEDUPLICATION_WINDOW);
    private final BillableMetricCatalog metrics = new BillableMetricCatalog(customFieldKeys);
    private final RatePlans rates = new RatePlans();
    private final InvoicePreviewer previewer = new InvoicePreviewer(usage, metrics, rates, clock);
    private final InvoiceLedger invoices = new InvoiceLedger(customers, previewer, clock);
    private final IdempotencyCache idempotency = new IdempotencyCache(clock);
    private final FaultInjector faults = new FaultInjector();
    private final RequestCounter requests = new RequestCounter();
    /** The form chosen at startup, which {@link #reset()} returns to. */
    private volatile PreviewResponseForm defaultPreviewForm = PreviewResponseForm.OBJECT;
    private volatile PreviewResponseForm previewForm = PreviewResponseForm.OBJECT;

    public EmulatorClock clock() {
        return clock;
    }

    public CustomerStore customers() {
        return customers;
    }

    public CustomFieldKeys customFieldKeys() {
        return customFieldKeys;
    }

    public UsageStore usage() {
        return usage;
    }

    public BillableMetricCatalog metrics() {
        return metrics;
    }

    public RatePlans rates() {
        return rates;
    }

    public InvoicePreviewer previewer() {
        return previewer;
    }

    public InvoiceLedger invoices() {
        return invoices;
    }

    /** Freezes the clock at {@code now}, finalizing the invoices of every month it passed the end of. */
    public void freezeClockAt(Instant now) {
        clock.freezeAt(now);
        invoices.catchUp();
    }

    /** Back to real time, finalizing the invoices of every month it passed the end of. */
    public void useRealTime() {
        clock.useRealTime();
        invoices.catchUp();
    }

    public IdempotencyCache idempotency() {
        return idempotency;
    }

    public FaultInjector faults() {
        return faults;
    }

    public RequestCounter requests() {
        return requests;
    }

    /** Replaces a customer's plan: 404 for an unknown customer, 400 for an unknown billable metric. */
    public void setRatePlan(String customerId, RatePlan plan) {
        customers.require(customerId);
        for (String metricId : plan.rates().keySet()) {
            if (!metrics.exists(metricId)) {
                throw ApiException.badRequest("Unknown billable metric id: " + metricId);
            }
        }
        rates.replace(customerId, plan);
    }

    public PreviewResponseForm previewForm() {
        return previewForm;
    }

    /** The form until the next {@link #reset()}. */
    public void setPreviewForm(PreviewResponseForm form) {
        previewForm = Objects.requireNonNull(form, "form");
    }

    public PreviewResponseForm defaultPreviewForm() {
        return defaultPreviewForm;
    }

    /** The form from now on, {@link #reset()} included. */
    public void setDefaultPreviewForm(PreviewResponseForm form) {
        defaultPreviewForm = Objects.requireNonNull(form, "form");
        previewForm = form;
    }

    /**
     * Back to a fresh emulator: no data (invoices included), no idempotency keys, no faults, no counts, real time,
     * the startup preview form; of the custom field keys only the preset ones.
     */
    public void reset() {
        customFieldKeys.clear();
        customers.clear();
        usage.clear();
        metrics.clear();
        rates.clear();
        invoices.clear();
        idempotency.clear();
        faults.clear();
        requests.reset();
        clock.useRealTime();
        previewForm = defaultPreviewForm;
    }
}
