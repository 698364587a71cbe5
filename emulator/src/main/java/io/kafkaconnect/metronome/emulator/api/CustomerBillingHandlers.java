package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.ApiException;
import io.kafkaconnect.metronome.emulator.PreviewResponseForm;
import io.kafkaconnect.metronome.emulator.billing.CostCalculator;
import io.kafkaconnect.metronome.emulator.billing.DailyCost;
import io.kafkaconnect.metronome.emulator.billing.InvoicePreview;
import io.kafkaconnect.metronome.emulator.billing.InvoicePreviewer;
import io.kafkaconnect.metronome.emulator.http.EmulatorRequest;
import io.kafkaconnect.metronome.emulator.http.ApiResponse;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;
import io.kafkaconnect.metronome.emulator.http.QueryParams;
import io.kafkaconnect.metronome.emulator.http.Router;
import io.kafkaconnect.metronome.emulator.state.StoredBillableMetric;
import io.kafkaconnect.metronome.emulator.state.BillableMetricCatalog;
import io.kafkaconnect.metronome.emulator.state.StoredCustomer;
import io.kafkaconnect.metronome.emulator.state.CustomerStore;
import io.kafkaconnect.metronome.emulator.state.EmulatorClock;
import io.kafkaconnect.metronome.emulator.state.ListPage;
import io.kafkaconnect.metronome.emulator.state.RatePlans;
import io.kafkaconnect.metronome.emulator.state.StoredUsageEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A customer's billable metrics, daily costs and invoice previews. */
public final class CustomerBillingHandlers {
    static final int MAX_PREVIEW_EVENTS = 100;
    private static final String METRICS_CURSOR = "billable-metrics";
    private static final String COSTS_CURSOR = "costs";
    private static final List<String> PREVIEW_FIELDS = List.of("events", "mode", "skip_zero_qty_line_items");
    private static final List<String> PREVIEW_EVENT_FIELDS =
            List.of("event_type", "customer_id", "properties", "timestamp", "transaction_id");

    private final CustomerStore customers;
    private final BillableMetricCatalog metrics;
    private final RatePlans rates;
    private final CostCalculator costs;
    private final InvoicePreviewer previewer;
    private final EmulatorClock clock;
    private final Supplier<PreviewResponseForm> previewForm;

    public CustomerBillingHandlers(CustomerStore customers, BillableMetricCatalog metrics, RatePlans rates,
                                   CostCalculator costs, InvoicePreviewer previewer, EmulatorClock clock,
                                   Supplier<PreviewResponseForm> previewForm) {
        this.customers = customers;
        this.metrics = metrics;
        this.rates = rates;
        this.costs = costs;
        this.previewer = previewer;
        this.clock = clock;
        this.previewForm = previewForm;
    }

    public void register(Router router) {
        router.add("GET", "/v1/customers/{customer_id}/billable-metrics", this::listBillableMetrics)
                .add("GET", "/v1/customers/{customer_id}/costs", this::listCosts)
                .add("POST", "/v1/customers/{customer_id}/previewEvents", this::previewEvents);
    }

    private ApiResponse listBillableMetrics(EmulatorRequest request) {
        String customerId = request.pathParam("customer_id");
        customers.require(customerId);
        QueryParams query = request.query();
        boolean includeArchived = query.bool("include_archived", false);
        boolean onCurrentPlan = query.bool("on_current_plan", false);
        int limit = query.intInRange("limit", 1, CustomerHandlers.MAX_PAGE_SIZE, CustomerHandlers.MAX_PAGE_SIZE);
        long afterSeq = cursor(query, METRICS_CURSOR).orElse(0L);
        Set<String> rated = rates.ratesFor(customerId).keySet();
        Predicate<StoredBillableMetric> filter = metric -> (includeArchived || !metric.archived())
                && (!onCurrentPlan || rated.contains(metric.id()));

        ListPage<StoredBillableMetric> page = metrics.list(filter, afterSeq, limit);
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        ArrayNode data = json.putArray("data");
        page.items().forEach(metric -> data.add(BillableMetricJson.metric(metric)));
        json.put("next_page", page.hasMore()
                ? PageCursor.encode(METRICS_CURSOR, page.items().get(page.items().size() - 1).seq()) : null);
        return ApiResponse.json(200, json);
    }

    /**
     * Buckets are whole UTC days from the midnight at or before starting_on while the bucket starts
     * before ending_before; {@code limit} counts buckets (default 100).
     */
    private ApiResponse listCosts(EmulatorRequest request) {
        String customerId = request.pathParam("customer_id");
        customers.require(customerId);
        QueryParams query = request.query();
        Instant startingOn = requiredTimestamp(query, "starting_on");
        Instant endingBefore = requiredTimestamp(query, "ending_before");
        if (!startingOn.isBefore(endingBefore)) {
            throw ApiException.badRequest("starting_on must be before ending_before");
        }
        int limit = query.intInRange("limit", 1, CustomerHandlers.MAX_PAGE_SIZE, CustomerHandlers.MAX_PAGE_SIZE);
        long firstDay = epochDay(startingOn);
        long endDay = epochDay(endingBefore.minusNanos(1)) + 1; // exclusive
        long pageDay = cursor(query, COSTS_CURSOR).orElse(firstDay);
        if (pageDay < firstDay || pageDay >= endDay) {
            throw ApiException.badRequest("Invalid next_page cursor");
        }
        costs.requireSupported(customerId);

        int days = (int) Math.min(limit, endDay - pageDay);
        List<DailyCost> buckets = costs.dailyCosts(customerId, Instant.EPOCH.plus(Duration.ofDays(pageDay)), days);
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        ArrayNode data = json.putArray("data");
        buckets.forEach(bucket -> data.add(CostJson.bucket(bucket)));
        long nextDay = pageDay + days;
        json.put("next_page", nextDay < endDay ? PageCursor.encode(COSTS_CURSOR, nextDay) : null);
        return ApiResponse.json(200, json);
    }

    /** Answers {@code {data: Invoice}} (the first invoice) or {@code {data: [Invoice]}}, as the emulator is set. */
    private ApiResponse previewEvents(EmulatorRequest request) {
        StoredCustomer customer = customers.require(request.pathParam("customer_id"));
        JsonObjectReader body = JsonObjectReader.body(request.json(), PREVIEW_FIELDS);
        JsonNode events = body.optionalArray("events")
                .orElseThrow(() -> ApiException.badRequest("events is required"));
        if (events.isEmpty() || events.size() > MAX_PREVIEW_EVENTS) {
            throw ApiException.badRequest("events must hold 1 to " + MAX_PREVIEW_EVENTS + " events");
        }
        List<StoredUsageEvent> parsed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            parsed.add(previewEvent(JsonObjectReader.nested(events.get(i), "events[" + i + "]", PREVIEW_EVENT_FIELDS)));
        }
        String mode = body.optionalEnum("mode", List.of("replace", "merge")).orElse("replace");
        boolean skipZero = body.optionalBoolean("skip_zero_qty_line_items").orElse(false);
        List<InvoicePreview> invoices = previewer.preview(customer, parsed, mode.equals("merge"), skipZero);
        if (previewForm.get() == PreviewResponseForm.OBJECT) {
            return ApiResponse.data(InvoiceJson.invoice(invoices.get(0)));
        }
        ArrayNode data = JsonCodec.MAPPER.createArrayNode();
        invoices.forEach(invoice -> data.add(InvoiceJson.invoice(invoice)));
        return ApiResponse.data(data);
    }

    /** customer_id and transaction_id are validated but, as documented, have no effect on a preview. */
    private StoredUsageEvent previewEvent(JsonObjectReader event) {
        String eventType = event.requiredString("event_type", 1, Integer.MAX_VALUE);
        event.optionalString("customer_id", 1, Integer.MAX_VALUE);
        event.optionalString("transaction_id", 1, IngestLimits.MAX_TRANSACTION_ID_LENGTH);
        Instant timestamp = event.optionalString("timestamp")
                .map(text -> Rfc3339.parse(text, event.name("timestamp"))).orElseGet(clock::now);
        JsonNode properties = event.optionalObject("properties").orElse(null);
        return new StoredUsageEvent(eventType, timestamp, EventProperties.flatten(properties));
    }

    private static Optional<Long> cursor(QueryParams query, String kind) {
        return query.get("next_page").filter(cursor -> !cursor.isEmpty())
                .map(cursor -> PageCursor.decode(kind, cursor));
    }

    private static Instant requiredTimestamp(QueryParams query, String name) {
        String text = query.get(name).orElseThrow(() -> ApiException.badRequest(name + " is required"));
        return Rfc3339.parse(text, name);
    }

    private static long epochDay(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), 86_400L);
    }
}
