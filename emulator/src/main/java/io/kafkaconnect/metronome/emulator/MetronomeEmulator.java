package io.kafkaconnect.metronome.emulator;

import io.kafkaconnect.metronome.emulator.api.BillableMetricHandlers;
import io.kafkaconnect.metronome.emulator.api.CustomFieldHandlers;
import io.kafkaconnect.metronome.emulator.api.CustomerBillingHandlers;
import io.kafkaconnect.metronome.emulator.api.CustomerHandlers;
import io.kafkaconnect.metronome.emulator.api.IngestHandler;
import io.kafkaconnect.metronome.emulator.api.InvoiceHandlers;
import io.kafkaconnect.metronome.emulator.billing.CostCalculator;
import io.kafkaconnect.metronome.emulator.control.ControlHandlers;
import io.kafkaconnect.metronome.emulator.http.EmulatorHttpServer;
import io.kafkaconnect.metronome.emulator.http.RequestDispatcher;
import io.kafkaconnect.metronome.emulator.http.Router;
import io.kafkaconnect.metronome.emulator.state.BillableStatus;
import io.kafkaconnect.metronome.emulator.state.StoredCustomer;
import io.kafkaconnect.metronome.emulator.state.RatePlan;
import io.kafkaconnect.metronome.emulator.state.UsageCounts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A stateful, in-memory emulator of the Metronome API endpoints the connectors use, served over HTTP (or HTTPS, given
 * an {@link EmulatorTls}) on 127.0.0.1 (or a given address). Embed it in tests:
 *
 * <pre>{@code
 * try (MetronomeEmulator emu = new MetronomeEmulator(0, "dev-token").start()) {
 *     String baseUrl = emu.baseUrl();
 * }
 * }</pre>
 *
 * The Java methods below have the same effect as the matching {@code /_emulator} control calls.
 */
public final class MetronomeEmulator implements AutoCloseable {
    private final InetAddress bindAddress;
    private final int requestedPort;
    private final String token;
    private final EmulatorTls tls;
    private final EmulatorState state = new EmulatorState();
    private EmulatorHttpServer server;
    /** The /v1 routes the last start registered, for tests that check every route is covered. */
    private volatile List<String> apiRoutes = List.of();
    /** The port of the last server, so a start after {@link #close()} listens where clients already point. */
    private int boundPort;

    /** @param port the port to listen on (loopback only), 0 for any free one */
    public MetronomeEmulator(int port, String token) {
        this(InetAddress.getLoopbackAddress(), port, token);
    }

    /**
     * @param bindAddress where to listen; loopback for tests, e.g. 0.0.0.0 inside a container so other containers
     *                    reach it
     * @param port        the port to listen on, 0 for any free one
     */
    public MetronomeEmulator(InetAddress bindAddress, int port, String token) {
        this(bindAddress, port, token, null);
    }

    /**
     * Serves HTTPS with {@code tls}'s certificate, for testing clients' trust stores; {@link #baseUrl()} is then
     * {@code https://...}.
     *
     * @param tls the emulator's TLS identity, or null for plain HTTP
     */
    public MetronomeEmulator(InetAddress bindAddress, int port, String token, EmulatorTls tls) {
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.requestedPort = port;
        this.token = Objects.requireNonNull(token, "token");
        this.tls = tls;
    }

    /**
     * Starts serving. After {@link #close()}, starts again on the same port with the state kept, so tests can take
     * Metronome down and bring it back.
     */
    public synchronized MetronomeEmulator start() {
        if (server != null) {
            throw new IllegalStateException("The emulator is already started");
        }
        Router api = new Router();
        new CustomerHandlers(state.customers(), state.clock(), state.invoices()::voidOpen).register(api);
        new CustomerBillingHandlers(state.customers(), state.metrics(), state.rates(),
                new CostCalculator(state.usage(), state.metrics(), state.rates()),
                state.previewer(), state.clock(), state::previewForm).register(api);
        new InvoiceHandlers(state.invoices()).register(api);
        new BillableMetricHandlers(state.metrics(), state.clock()).register(api);
        new CustomFieldHandlers(state.customFieldKeys(), state.customers(), state.metrics(), state.clock())
                .register(api);
        new IngestHandler(state.customers(), state.usage(), state.clock()).register(api);
        Router control = new Router();
        new ControlHandlers(state).register(control);
        apiRoutes = api.routes();

        EmulatorHttpServer started = new EmulatorHttpServer(bindAddress, boundPort != 0 ? boundPort : requestedPort,
                tls == null ? null : tls.sslContext(), new RequestDispatcher(token, api, control, state.requests(),
                        state.faults(), state.idempotency(), state.invoices()::catchUp));
        started.start();
        server = started;
        boundPort = started.port();
        return this;
    }

    /** e.g. {@code http://127.0.0.1:8089} ({@code https://} with TLS); the loopback address when bound to all interfaces. */
    public String baseUrl() {
        String host = bindAddress.isAnyLocalAddress() ? "127.0.0.1" : bindAddress.getHostAddress();
        return (tls == null ? "http://" : "https://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("The emulator is not started");
        }
        return server.port();
    }

    /** Every API route as "METHOD template", e.g. {@code POST /v1/customers/{customer_id}/setName}; empty before the first start. */
    public List<String> apiRoutes() {
        return apiRoutes;
    }

    public String token() {
        return token;
    }

    /** For this package's tests: e.g. to move the clock as real time does, without the control API. */
    EmulatorState state() {
        return state;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /**
     * Registers custom field keys for {@code entity} (e.g. {@code customer}, {@code billable_metric}), without
     * uniqueness, as part of the emulator's starting state: {@link #reset()} keeps them. Metronome refuses custom
     * fields whose keys were not registered, so give the keys your test data uses here (or at startup,
     * {@code --custom-field-key customer:tier}), or register them through {@code POST /v1/customFields/addKey}.
     *
     * @throws ApiException 400 for an unknown entity type or a key that is empty or over 100 characters
     */
    public MetronomeEmulator presetCustomFieldKeys(String entity, String... keys) {
        for (String key : keys) {
            state.customFieldKeys().preset(entity, key, false);
        }
        return this;
    }

    /** The same as {@code POST /v1/customFields/addKey}: registered until {@link #reset()}. */
    public void addCustomFieldKey(String entity, String key, boolean enforceUniqueness) {
        state.customFieldKeys().add(entity, key, enforceUniqueness);
    }

    /**
     * Forgets customers, metrics, usage (with its counts and transaction ids), rates, idempotency keys, faults,
     * request counts, the frozen clock and the custom field keys that were not preset; the preview response form
     * goes back to the startup one.
     */
    public void reset() {
        state.reset();
    }

    /**
     * Freezes the emulator's "now" at {@code now}, as {@code PUT /_emulator/clock}: the invoices of every month whose
     * end the clock passed are finalized.
     */
    public void setNow(Instant now) {
        state.freezeClockAt(Objects.requireNonNull(now, "now"));
    }

    public Instant now() {
        return state.clock().now();
    }

    /**
     * Replaces the customer's plan with these prices per unit (USD cents, flat).
     *
     * @throws ApiException 404 for an unknown customer, 400 for an unknown billable metric id
     */
    public void setRates(String customerId, Map<String, Double> ratesByBillableMetricId) {
        Map<String, BigDecimal> rates = new LinkedHashMap<>();
        ratesByBillableMetricId.forEach((metricId, rate) -> rates.put(metricId, BigDecimal.valueOf(rate)));
        state.setRatePlan(customerId, RatePlan.flatUsd(rates));
    }

    /**
     * Replaces the customer's plan with these exact prices per unit (any number of digits), so costs can carry more
     * significant digits than a double holds.
     */
    public void setExactRates(String customerId, Map<String, BigDecimal> ratesByBillableMetricId) {
        state.setRatePlan(customerId, RatePlan.flatUsd(new LinkedHashMap<>(ratesByBillableMetricId)));
    }

    /**
     * Replaces the customer's plan: flat or tiered rates in any credit type, a name, a monthly minimum. Preview
     * invoices come one per credit type the plan prices in.
     *
     * @throws ApiException 404 for an unknown customer, 400 for an unknown billable metric id
     */
    public void setRatePlan(String customerId, RatePlan plan) {
        state.setRatePlan(customerId, Objects.requireNonNull(plan, "plan"));
    }

    /**
     * Startup option: how preview events answers from now on, {@link #reset()} included (the default is
     * {@link PreviewResponseForm#OBJECT}, seed 004's form).
     */
    public MetronomeEmulator withPreviewResponseForm(PreviewResponseForm form) {
        state.setDefaultPreviewForm(form);
        return this;
    }

    /** How preview events answers until the next {@link #reset()}, as {@code PUT /_emulator/preview-events-form}. */
    public void setPreviewResponseForm(PreviewResponseForm form) {
        state.setPreviewForm(form);
    }

    public PreviewResponseForm previewResponseForm() {
        return state.previewForm();
    }

    /**
     * Sets the customer's current_billable_status (archived customers too); updated_at does not move.
     *
     * @throws ApiException 404 for an unknown customer
     */
    public void setBillableStatus(String customerId, boolean billable, Instant effectiveAt) {
        state.customers().setBillableStatus(customerId,
                new BillableStatus(billable, Objects.requireNonNull(effectiveAt, "effectiveAt")));
    }

    public void setFaults(FaultSpec spec) {
        state.faults().configure(Objects.requireNonNull(spec, "spec"));
    }

    public void clearFaults() {
        state.faults().clear();
    }

    /** Requests per "METHOD /path/{template}", e.g. {@code GET /v1/customers/{customer_id}/costs}. */
    public Map<String, Long> requestCounts() {
        return state.requests().counts();
    }

    public void resetRequestCounts() {
        state.requests().reset();
    }

    /** What ingest accepted, as {@code GET /_emulator/usage}: totals and events per customer id. */
    public UsageCounts usageCounts() {
        return state.usage().counts();
    }

    /** As {@code GET /_emulator/usage?customer_id=}: the totals, and the events of one customer (id or alias). */
    public UsageCounts usageCounts(String customerIdOrAlias) {
        return state.usage().counts(state.customers().resolve(customerIdOrAlias).orElse(customerIdOrAlias));
    }

    /** Every customer, archived ones included, in creation order. */
    public List<CustomerSnapshot> customers() {
        return state.customers().all().stream().map(MetronomeEmulator::snapshot).toList();
    }

    /**
     * Seeds customers quickly, for benchmarks: names {@code namePrefix + i} and, unless {@code aliasPrefix}
     * is null, one ingest alias {@code aliasPrefix + i}, for i from 0 to count - 1.
     *
     * @return the ids created, in order
     * @throws ApiException 409 when one of the aliases is taken (then nothing is created)
     */
    public List<String> bulkCreateCustomers(int count, String namePrefix, String aliasPrefix) {
        return state.customers().bulkCreate(count, namePrefix, aliasPrefix, state.clock().now());
    }

    private static CustomerSnapshot snapshot(StoredCustomer customer) {
        return new CustomerSnapshot(customer.id(), customer.name(), customer.ingestAliases(), customer.customFields(),
                customer.effectiveExternalId(), customer.salesforceAccountId(),
                customer.leaveStripeInvoicesInDraft(),
                customer.billingConfig() == null ? null : customer.billingConfig().deepCopy(),
                customer.createdAt(), customer.updatedAt(), customer.archivedAt());
    }
}
