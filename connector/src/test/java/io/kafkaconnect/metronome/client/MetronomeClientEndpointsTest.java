package io.kafkaconnect.metronome.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.client.MetronomeRequests.CustomerQuery;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CostBucket;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.client.model.Customer;
import io.kafkaconnect.metronome.client.model.CustomerDetail;
import io.kafkaconnect.metronome.client.model.Page;
import io.kafkaconnect.metronome.client.model.PreviewEventsRequest;
import io.kafkaconnect.metronome.client.model.UpdateConfigRequest;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import io.kafkaconnect.metronome.emulator.CustomerSnapshot;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.emulator.PreviewResponseForm;
import io.kafkaconnect.metronome.emulator.state.CreditType;
import io.kafkaconnect.metronome.emulator.state.Rate;
import io.kafkaconnect.metronome.emulator.state.RatePlan;
import java.math.BigDecimal;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every endpoint of the client, over real HTTP against the emulator, through both the blocking and the
 * async path. Assertions read the emulator's state, not only the client's return values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetronomeClientEndpointsTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final String USD_CENTS = "2714e483-4ff1-48e4-9e25-ac732e8f24f2";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token")
            .withCustomFieldKeys("customer", "tier").withCustomFieldKeys("billable_metric", "team");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private MetronomeClient client;

    @BeforeAll
    void startClient() {
        client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), emulator.token()));
    }

    @AfterAll
    void stop() {
        client.close();
    }

    @BeforeEach
    void freezeClock() {
        emulator.setNow(NOW);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void createsACustomerWithAliasesAndCustomFields(CallMode mode) {
        CreateCustomerRequest body = new CreateCustomerRequest("Acme", List.of("acme-1", "acme-2"), null,
                Map.of("tier", "gold"), null, null);

        Customer created = mode.call(client, MetronomeRequests.createCustomer(body, key()));

        assertThat(created.id()).isNotBlank();
        assertThat(created.name()).isEqualTo("Acme");
        assertThat(created.ingestAliases()).containsExactly("acme-1", "acme-2");
        assertThat(created.customFields()).containsEntry("tier", "gold");
        CustomerSnapshot stored = snapshot(created.id());
        assertThat(stored.name()).isEqualTo("Acme");
        assertThat(stored.ingestAliases()).containsExactly("acme-1", "acme-2");
        assertThat(stored.customFields()).containsEntry("tier", "gold");
    }

    @Test
    void blockingCreateCustomerMethodSendsTheIdempotencyKey() {
        String key = key();
        CreateCustomerRequest body = CreateCustomerRequest.of("Once", List.of("once"));
        Customer first = client.execute(MetronomeRequests.createCustomer(body, key));
        Customer replayed = client.execute(MetronomeRequests.createCustomer(body, key));

        // The second call is answered from Metronome's idempotency store: same customer, nothing new created.
        assertThat(replayed.id()).isEqualTo(first.id());
        assertThat(emulator.customers()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void retrievesACustomerWithItsDetail(CallMode mode) {
        String id = createCustomer("Detail Co", "detail-1");
        client.execute(MetronomeRequests.updateConfig(id, new UpdateConfigRequest(null, "sf-001"), key()));

        CustomerDetail detail = mode.call(client, MetronomeRequests.retrieveCustomer(id));

        assertThat(detail.id()).isEqualTo(id);
        assertThat(detail.name()).isEqualTo("Detail Co");
        assertThat(detail.ingestAliases()).containsExactly("detail-1");
        assertThat(detail.createdAt()).isEqualTo(NOW);
        assertThat(detail.customerConfig().salesforceAccountId()).isEqualTo("sf-001");
        assertThat(detail.archivedAt()).isNull();
        assertThat(client.execute(MetronomeRequests.retrieveCustomer(id))).isEqualTo(detail);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void listsCustomersWithEachFilter(CallMode mode) {
        String a = createCustomer("A", "alias-a");
        String b = createCustomer("B", "alias-b");
        String c = createCustomer("C", "alias-c");
        client.execute(MetronomeRequests.updateConfig(b, new UpdateConfigRequest(null, "sf-b"), key()));
        client.execute(MetronomeRequests.archiveCustomer(c, key()));

        assertThat(ids(mode.call(client, MetronomeRequests.listCustomers(
                new CustomerQuery(null, null, null, null, null, null))))).containsExactly(a, b);
        assertThat(ids(mode.call(client, MetronomeRequests.listCustomers(
                new CustomerQuery(List.of(a, c), null, null, null, null, null))))).containsExactly(a);
        assertThat(ids(mode.call(client, MetronomeRequests.listCustomers(
                CustomerQuery.byIngestAlias("alias-b", false))))).containsExactly(b);
        assertThat(ids(mode.call(client, MetronomeRequests.listCustomers(
                new CustomerQuery(null, null, null, List.of("sf-b"), null, null))))).containsExactly(b);
        assertThat(ids(mode.call(client, MetronomeRequests.listCustomers(
                CustomerQuery.page(10, null, true))))).containsExactly(c);
        assertThat(ids(client.listCustomers(CustomerQuery.byIngestAlias("alias-a", false)))).containsExactly(a);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void paginationAcrossSeveralPagesReturnsEveryCustomerOnce(CallMode mode) {
        List<String> created = emulator.bulkCreateCustomers(25, "Bulk ", "bulk-");
        emulator.resetRequestCounts();

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<CustomerDetail> page = mode.call(client, MetronomeRequests.listCustomers(CustomerQuery.page(10, cursor, false)));
            page.data().forEach(c -> seen.add(c.id()));
            cursor = page.nextPage();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(new HashSet<>(seen)).hasSize(25);
        assertThat(emulator.requestCounts()).containsEntry("GET /v1/customers", 3L);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void archivesACustomer(CallMode mode) {
        String id = createCustomer("Gone", "gone-1");

        String archived = mode.call(client, MetronomeRequests.archiveCustomer(id, key()));

        assertThat(archived).isEqualTo(id);
        assertThat(snapshot(id).archivedAt()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void setsIngestAliasesNameAndConfig(CallMode mode) {
        String id = createCustomer("Before", "old-alias");

        mode.call(client, MetronomeRequests.setIngestAliases(id, List.of("new-1", "new-2"), key()));
        Customer renamed = mode.call(client, MetronomeRequests.setName(id, "After", key()));
        mode.call(client, MetronomeRequests.updateConfig(id, new UpdateConfigRequest(true, "sf-42"), key()));

        assertThat(renamed.name()).isEqualTo("After");
        assertThat(renamed.ingestAliases()).containsExactly("new-1", "new-2");
        CustomerSnapshot stored = snapshot(id);
        assertThat(stored.name()).isEqualTo("After");
        assertThat(stored.ingestAliases()).containsExactly("new-1", "new-2");
        assertThat(stored.salesforceAccountId()).isEqualTo("sf-42");
        assertThat(stored.leaveStripeInvoicesInDraft()).isTrue();
    }

    @Test
    void blockingMutationMethodsChangeTheCustomer() {
        String id = createCustomer("Sync", "sync-1");

        client.execute(MetronomeRequests.setIngestAliases(id, List.of("sync-2"), key()));
        Customer renamed = client.execute(MetronomeRequests.setName(id, "Sync Renamed", key()));
        client.execute(MetronomeRequests.updateConfig(id, new UpdateConfigRequest(false, "sf-sync"), key()));
        String archived = client.execute(MetronomeRequests.archiveCustomer(id, key()));

        assertThat(renamed.name()).isEqualTo("Sync Renamed");
        assertThat(archived).isEqualTo(id);
        CustomerSnapshot stored = snapshot(id);
        assertThat(stored.ingestAliases()).containsExactly("sync-2");
        assertThat(stored.salesforceAccountId()).isEqualTo("sf-sync");
        assertThat(stored.leaveStripeInvoicesInDraft()).isFalse();
        assertThat(stored.archivedAt()).isEqualTo(NOW);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void createsAndListsBillableMetrics(CallMode mode) {
        String customer = createCustomer("Metered", "metered-1");
        CreateBillableMetricRequest body = new CreateBillableMetricRequest("Bytes", "SUM", "bytes",
                new BillableMetric.EventTypeFilter(List.of("transfer"), null),
                List.of(new BillableMetric.PropertyFilter("region", true, List.of("eu", "us"), null)),
                List.of(List.of("region")), Map.of("team", "storage"));

        String metricId = mode.call(client, MetronomeRequests.createBillableMetric(body, key()));
        String countId = client.execute(MetronomeRequests.createBillableMetric(
                new CreateBillableMetricRequest("Calls", "COUNT", null, null, null, null, null), key()));

        Page<BillableMetric> page = mode.call(client,
                MetronomeRequests.listBillableMetrics(customer, false, null, null, null));
        assertThat(page.data()).extracting(BillableMetric::id).containsExactly(metricId, countId);
        BillableMetric metric = page.data().get(0);
        assertThat(metric.name()).isEqualTo("Bytes");
        assertThat(metric.aggregationType()).isEqualTo("SUM");
        assertThat(metric.aggregationKey()).isEqualTo("bytes");
        assertThat(metric.eventTypeFilter().inValues()).containsExactly("transfer");
        assertThat(metric.propertyFilters()).singleElement()
                .satisfies(f -> {
                    assertThat(f.name()).isEqualTo("region");
                    assertThat(f.exists()).isTrue();
                    assertThat(f.inValues()).containsExactly("eu", "us");
                });
        assertThat(metric.groupKeys()).containsExactly(List.of("region"));
        assertThat(metric.customFields()).containsEntry("team", "storage");
        // the deprecated fields, as the emulator derives them from the modern ones
        assertThat(metric.aggregate()).isEqualTo("SUM");
        assertThat(metric.aggregateKeys()).containsExactly("bytes");
        assertThat(metric.groupBy()).containsExactly("region");
        assertThat(metric.filter().get("event_type_filter").get("in_values").get(0).asText()).isEqualTo("transfer");
        assertThat(metric.filter().get("property_filters").get(0).get("name").asText()).isEqualTo("region");

        // on_current_plan: only the metric the customer's plan prices.
        emulator.setRates(customer, Map.of(countId, 1.0));
        assertThat(client.listBillableMetrics(customer, false, true, null, null).data())
                .extracting(BillableMetric::id).containsExactly(countId);
        // limit + next_page
        Page<BillableMetric> first = client.listBillableMetrics(customer, false, null, 1, null);
        assertThat(first.data()).extracting(BillableMetric::id).containsExactly(metricId);
        assertThat(client.listBillableMetrics(customer, false, null, 1, first.nextPage()).data())
                .extracting(BillableMetric::id).containsExactly(countId);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void ingestedUsageShowsUpInCostsAndPreviews(CallMode mode) {
        String customer = createCustomer("Costly", "costly-1");
        String metricId = client.execute(MetronomeRequests.createBillableMetric(
                new CreateBillableMetricRequest("Bytes", "SUM", "bytes", new BillableMetric.EventTypeFilter(
                        List.of("transfer"), null), null, null, null), key()));
        emulator.setRates(customer, Map.of(metricId, 2.0));
        Instant day = NOW.truncatedTo(ChronoUnit.DAYS);

        mode.call(client, MetronomeRequests.ingest(List.of(
                new UsageEvent("tx-1", "costly-1", "transfer", day.plusSeconds(60).toString(), Map.of("bytes", 100)),
                new UsageEvent("tx-2", customer, "transfer", day.plusSeconds(120).toString(), Map.of("bytes", 50))),
                key()));

        Page<CostBucket> costs = mode.call(client,
                MetronomeRequests.listCosts(customer, day, day.plus(1, ChronoUnit.DAYS), null, null));
        assertThat(costs.data()).singleElement().satisfies(bucket -> {
            assertThat(bucket.startTimestamp()).isEqualTo(day);
            assertThat(bucket.endTimestamp()).isEqualTo(day.plus(1, ChronoUnit.DAYS));
            assertThat(bucket.creditTypes().get(USD_CENTS).cost()).isEqualByComparingTo("300");
        });
        assertThat(client.listCosts(customer, day.minus(2, ChronoUnit.DAYS), day.plus(1, ChronoUnit.DAYS), 2, null)
                .nextPage()).isNotNull();

        JsonNode invoice = mode.call(client, MetronomeRequests.previewEvents(customer, new PreviewEventsRequest(
                List.of(new UsageEvent(null, null, "transfer", day.plusSeconds(180).toString(), Map.of("bytes", 10))),
                "merge", null), key())).get(0);
        assertThat(invoice.path("customer_id").asText()).isEqualTo(customer);
        assertThat(invoice.path("total").asDouble()).isEqualTo(320.0);
    }

    @Test
    void blockingIngestAndPreviewMethodsReachTheEmulator() {
        String customer = createCustomer("Usage", "usage-1");
        String metricId = client.execute(MetronomeRequests.createBillableMetric(
                new CreateBillableMetricRequest("Calls", "COUNT", null, null, null, null, null), key()));
        emulator.setRates(customer, Map.of(metricId, 5.0));
        Instant day = NOW.truncatedTo(ChronoUnit.DAYS);

        client.execute(MetronomeRequests.ingest(List.of(new UsageEvent("tx-a", "usage-1", "call",
                day.plusSeconds(1).toString(), Map.of())), key()));

        assertThat(client.listCosts(customer, day, day.plus(1, ChronoUnit.DAYS), null, null).data())
                .singleElement()
                .satisfies(bucket -> assertThat(bucket.creditTypes().get(USD_CENTS).cost()).isEqualByComparingTo("5"));
        List<JsonNode> replaced = client.execute(MetronomeRequests.previewEvents(customer,
                new PreviewEventsRequest(List.of(
                        new UsageEvent(null, null, "call", day.plusSeconds(2).toString(), Map.of()),
                        new UsageEvent(null, null, "call", day.plusSeconds(3).toString(), Map.of())), "replace", null),
                key()));
        assertThat(replaced).singleElement().satisfies(invoice -> assertThat(invoice.path("total").asDouble()).isEqualTo(10.0));
    }

    @ParameterizedTest
    @EnumSource(PreviewResponseForm.class)
    void previewKeepsEveryInvoiceOfEitherAnswerForm(PreviewResponseForm form) {
        emulator.setPreviewResponseForm(form);
        String customer = createCustomer("Two units", "two-units");
        String calls = client.execute(MetronomeRequests.createBillableMetric(
                new CreateBillableMetricRequest("Calls", "COUNT", null, null, null, null, null), key()));
        String tokens = client.execute(MetronomeRequests.createBillableMetric(
                new CreateBillableMetricRequest("Tokens", "SUM", "tokens", null, null, null, null), key()));
        Map<String, Rate> rates = new LinkedHashMap<>();
        rates.put(calls, Rate.flat(new BigDecimal("5")));
        rates.put(tokens, Rate.flat(new BigDecimal("0.1"), CreditType.named("credits")));
        emulator.setRatePlan(customer, RatePlan.of("Two units", rates, null));
        PreviewEventsRequest body = new PreviewEventsRequest(List.of(new UsageEvent(null, null, "llm",
                NOW.toString(), Map.of("tokens", 30))), "replace", null);

        for (CallMode mode : CallMode.values()) {
            List<JsonNode> invoices = mode.call(client, MetronomeRequests.previewEvents(customer, body, key()));

            List<String> expected = form == PreviewResponseForm.ARRAY ? List.of("USD (cents)", "credits")
                    : List.of("USD (cents)");
            assertThat(invoices).as(mode.name()).extracting(invoice -> invoice.path("credit_type").path("name").asText())
                    .containsExactlyElementsOf(expected);
            assertThat(invoices.get(0).path("total").decimalValue()).isEqualByComparingTo("5");
            if (form == PreviewResponseForm.ARRAY) {
                assertThat(invoices.get(1).path("total").decimalValue()).isEqualByComparingTo("3");
            }
        }
    }

    private String createCustomer(String name, String alias) {
        return client.execute(MetronomeRequests.createCustomer(CreateCustomerRequest.of(name, List.of(alias)), key()))
                .id();
    }

    private CustomerSnapshot snapshot(String id) {
        return emulator.customers().stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("emulator has no customer " + id));
    }

    private static List<String> ids(Page<CustomerDetail> page) {
        return page.data().stream().map(CustomerDetail::id).toList();
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
