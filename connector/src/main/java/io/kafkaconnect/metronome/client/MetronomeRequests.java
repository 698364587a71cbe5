package io.kafkaconnect.metronome.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CostBucket;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.client.model.Customer;
import io.kafkaconnect.metronome.client.model.CustomerDetail;
import io.kafkaconnect.metronome.client.model.Invoice;
import io.kafkaconnect.metronome.client.model.Page;
import io.kafkaconnect.metronome.client.model.PreviewEventsRequest;
import io.kafkaconnect.metronome.client.model.UpdateConfigRequest;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One factory per Metronome endpoint the connectors use; the paths and shapes of the seeds. */
public final class MetronomeRequests {

    private static final String CUSTOMER = "/v1/customers/{customer_id}";

    private MetronomeRequests() {
    }

    /** Filters of list customers; null members are not sent. */
    public record CustomerQuery(
            List<String> customerIds,
            String ingestAlias,
            Boolean onlyArchived,
            List<String> salesforceAccountIds,
            Integer limit,
            String nextPage) {

        public static CustomerQuery page(int limit, String nextPage, boolean onlyArchived) {
            return new CustomerQuery(null, null, onlyArchived ? Boolean.TRUE : null, null, limit, nextPage);
        }

        public static CustomerQuery byIngestAlias(String alias, boolean onlyArchived) {
            return new CustomerQuery(null, alias, onlyArchived ? Boolean.TRUE : null, null, null, null);
        }
    }

    public static ApiRequest<Customer> createCustomer(CreateCustomerRequest body, String idempotencyKey) {
        return post("/v1/customers", "/v1/customers", body, idempotencyKey,
                in -> MetronomeJson.readData(in, Customer.class));
    }

    public static ApiRequest<CustomerDetail> retrieveCustomer(String customerId) {
        return new ApiRequest<>("GET", CUSTOMER, customerPath(customerId, ""), null, null, null,
                in -> MetronomeJson.readData(in, CustomerDetail.class));
    }

    public static ApiRequest<Page<CustomerDetail>> listCustomers(CustomerQuery q) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("customer_ids", joined(q.customerIds()));
        query.put("ingest_alias", q.ingestAlias());
        query.put("only_archived", q.onlyArchived() == null ? null : q.onlyArchived().toString());
        query.put("salesforce_account_ids", joined(q.salesforceAccountIds()));
        query.put("limit", q.limit() == null ? null : q.limit().toString());
        query.put("next_page", q.nextPage());
        return new ApiRequest<>("GET", "/v1/customers", "/v1/customers", query, null, null,
                in -> MetronomeJson.readPage(in, CustomerDetail.class));
    }

    public static ApiRequest<String> archiveCustomer(String customerId, String idempotencyKey) {
        return post("/v1/customers/archive", "/v1/customers/archive", Map.of("id", customerId), idempotencyKey,
                in -> MetronomeJson.readData(in, JsonNode.class).path("id").asText(customerId));
    }

    public static ApiRequest<Page<BillableMetric>> listBillableMetrics(
            String customerId, boolean includeArchived, Boolean onCurrentPlan, Integer limit, String nextPage) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("include_archived", includeArchived ? "true" : null);
        query.put("on_current_plan", onCurrentPlan == null ? null : onCurrentPlan.toString());
        query.put("limit", limit == null ? null : limit.toString());
        query.put("next_page", nextPage);
        return new ApiRequest<>("GET", CUSTOMER + "/billable-metrics", customerPath(customerId, "/billable-metrics"),
                query, null, null, in -> MetronomeJson.readPage(in, BillableMetric.class));
    }

    public static ApiRequest<Page<CostBucket>> listCosts(
            String customerId, Instant startingOn, Instant endingBefore, Integer limit, String nextPage) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("starting_on", startingOn.toString());
        query.put("ending_before", endingBefore.toString());
        query.put("limit", limit == null ? null : limit.toString());
        query.put("next_page", nextPage);
        return new ApiRequest<>("GET", CUSTOMER + "/costs", customerPath(customerId, "/costs"), query, null, null,
                in -> MetronomeJson.readPage(in, CostBucket.class));
    }

    /**
     * A page of the customer's invoices, oldest billing period first ({@code sort=date_asc}), those of periods
     * starting on or after {@code startingOn} (null: all).
     */
    public static ApiRequest<Page<Invoice>> listInvoices(String customerId, Instant startingOn, Integer limit,
                                                         String nextPage) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("starting_on", startingOn == null ? null : startingOn.toString());
        query.put("sort", "date_asc");
        query.put("limit", limit == null ? null : limit.toString());
        query.put("next_page", nextPage);
        return new ApiRequest<>("GET", CUSTOMER + "/invoices", customerPath(customerId, "/invoices"), query, null,
                null, in -> MetronomeJson.readPage(in, Invoice.class));
    }

    public static ApiRequest<Invoice> retrieveInvoice(String customerId, String invoiceId) {
        return new ApiRequest<>("GET", CUSTOMER + "/invoices/{invoice_id}", customerPath(customerId, "/invoices/"
                + URLEncoder.encode(invoiceId, StandardCharsets.UTF_8)), null, null, null,
                in -> MetronomeJson.readData(in, Invoice.class));
    }

    /**
     * Returns every draft invoice of the preview (either answer form, see {@link MetronomeJson#readInvoices}) as JSON:
     * their shape is large and only passed through.
     */
    public static ApiRequest<List<JsonNode>> previewEvents(String customerId, PreviewEventsRequest body,
                                                           String idempotencyKey) {
        return post(CUSTOMER + "/previewEvents", customerPath(customerId, "/previewEvents"), body, idempotencyKey,
                MetronomeJson::readInvoices);
    }

    public static ApiRequest<Void> setIngestAliases(String customerId, List<String> aliases, String idempotencyKey) {
        return post(CUSTOMER + "/setIngestAliases", customerPath(customerId, "/setIngestAliases"),
                Map.of("ingest_aliases", aliases), idempotencyKey, in -> null);
    }

    public static ApiRequest<Customer> setName(String customerId, String name, String idempotencyKey) {
        return post(CUSTOMER + "/setName", customerPath(customerId, "/setName"), Map.of("name", name), idempotencyKey,
                in -> MetronomeJson.readData(in, Customer.class));
    }

    public static ApiRequest<Void> updateConfig(String customerId, UpdateConfigRequest body, String idempotencyKey) {
        return post(CUSTOMER + "/updateConfig", customerPath(customerId, "/updateConfig"), body, idempotencyKey,
                in -> null);
    }

    public static ApiRequest<Void> ingest(List<UsageEvent> events, String idempotencyKey) {
        return post("/v1/ingest", "/v1/ingest", events, idempotencyKey, in -> null);
    }

    /** @param events the JSON array of {@link UsageEvent}s, written by the caller ({@code JsonBody.of(events)}) */
    public static ApiRequest<Void> ingest(JsonBody events) {
        return post("/v1/ingest", "/v1/ingest", events, null, in -> null);
    }

    public static ApiRequest<String> createBillableMetric(CreateBillableMetricRequest body, String idempotencyKey) {
        return post("/v1/billable-metrics/create", "/v1/billable-metrics/create", body, idempotencyKey,
                in -> MetronomeJson.readData(in, JsonNode.class).path("id").asText());
    }

    private static <T> ApiRequest<T> post(String template, String path, Object body, String idempotencyKey,
                                          ApiRequest.ResponseReader<T> reader) {
        return new ApiRequest<>("POST", template, path, null, body, idempotencyKey, reader);
    }

    private static String customerPath(String customerId, String suffix) {
        return "/v1/customers/" + URLEncoder.encode(customerId, StandardCharsets.UTF_8) + suffix;
    }

    private static String joined(List<String> values) {
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }
}
