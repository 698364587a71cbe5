package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.emulator.state.CreditType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filters, sort and pagination of {@code GET /v1/customers/{id}/invoices} as the SDK's {@code InvoiceListParams}
 * define them, on a customer created in March with the clock in June and a plan in two credit types: 8 invoices,
 * March to May finalized, June drafts.
 */
class InvoiceListTest extends EmulatorTestBase {
    private static final String CREDITS = CreditType.named("credits").id();
    private static final String USD = "&credit_type_id=" + CreditType.USD_CENTS.id();

    private String customer;

    @BeforeEach
    void fourMonthsInTwoCreditTypes() {
        emulator.setNow(Instant.parse("2024-03-10T00:00:00Z"));
        customer = client.createCustomer("Acme", "acme");
        String calls = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT",
                "event_type_filter", Map.of("in_values", List.of("api_call"))));
        String tokens = client.createMetric(Map.of("name", "tokens", "aggregation_type", "SUM",
                "aggregation_key", "tokens"));
        assertThat(client.put("/_emulator/customers/" + customer + "/rates", Map.of("rates", Map.of(calls, 2,
                tokens, Map.of("credit_type", "credits", "price", 1)))).status()).isEqualTo(200);
        emulator.setNow(Instant.parse("2024-04-04T00:00:00Z")); // ingest takes timestamps at most 1 day ahead
        assertThat(client.post("/v1/ingest", List.of(Map.of("transaction_id", "t-1", "customer_id", "acme",
                "event_type", "api_call", "timestamp", "2024-04-03T00:00:00Z"))).status()).isEqualTo(200);
        emulator.setNow(Instant.parse("2024-06-15T00:00:00Z"));
    }

    @Test
    void byDefaultEveryInvoiceInIssuedAtOrderOldestFirst() {
        List<JsonNode> all = list("");
        assertThat(all).hasSize(8);
        assertThat(all).extracting(invoice -> invoice.get("start_timestamp").asText()).containsExactly(
                "2024-03-01T00:00:00Z", "2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z", "2024-04-01T00:00:00Z",
                "2024-05-01T00:00:00Z", "2024-05-01T00:00:00Z", "2024-06-01T00:00:00Z", "2024-06-01T00:00:00Z");
        assertThat(all).extracting(invoice -> invoice.get("status").asText())
                .containsExactly("FINALIZED", "FINALIZED", "FINALIZED", "FINALIZED", "FINALIZED", "FINALIZED",
                        "DRAFT", "DRAFT");
        assertThat(all).extracting(invoice -> invoice.get("issued_at").asText())
                .isSortedAccordingTo(String::compareTo);
        assertThat(list("?sort=date_asc")).isEqualTo(all);
        List<JsonNode> descending = new ArrayList<>(all);
        Collections.reverse(descending);
        assertThat(list("?sort=date_desc")).as("date_desc is the exact reverse").isEqualTo(descending);
    }

    @ParameterizedTest
    @CsvSource({"date_asc, 3", "date_desc, 3", "date_asc, 1", "date_desc, 5", "date_asc, 8"})
    void pagesFollowOneAnotherWithoutGapsOrRepeats(String sort, int limit) {
        List<JsonNode> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            EmulatorClient.Reply reply = client.get(path("?sort=" + sort + "&limit=" + limit
                    + (cursor == null ? "" : "&next_page=" + cursor)));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.data().size()).isLessThanOrEqualTo(limit);
            reply.data().forEach(paged::add);
            cursor = reply.json().get("next_page").isNull() ? null : reply.json().get("next_page").asText();
            pages++;
        } while (cursor != null);
        assertThat(paged).isEqualTo(list("?sort=" + sort));
        assertThat(pages).isEqualTo((8 + limit - 1) / limit);
    }

    @Test
    void aCursorOfOneSortOrderIsRefusedWithTheOther() {
        String cursor = client.get(path("?limit=2")).json().get("next_page").asText();
        EmulatorClient.Reply reply = client.get(path("?sort=date_desc&next_page=" + cursor));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).contains("next_page");
    }

    @Test
    void filtersNarrowTheList() {
        assertThat(list("?status=FINALIZED")).hasSize(6);
        assertThat(list("?status=DRAFT")).hasSize(2).allSatisfy(invoice ->
                assertThat(invoice.get("start_timestamp").asText()).isEqualTo("2024-06-01T00:00:00Z"));
        assertThat(list("?status=VOID")).isEmpty();
        assertThat(list("?starting_on=2024-04-01T00:00:00Z&ending_before=2024-06-01T00:00:00Z"))
                .extracting(invoice -> invoice.get("start_timestamp").asText())
                .containsExactly("2024-04-01T00:00:00Z", "2024-04-01T00:00:00Z", "2024-05-01T00:00:00Z",
                        "2024-05-01T00:00:00Z");
        assertThat(list("?starting_on=2024-04-01T00:00:01Z")).as("a period starting before is out").hasSize(4);
        assertThat(list("?ending_before=2024-05-31T23:59:59Z")).as("a period ending after is out").hasSize(4);
        assertThat(list("?credit_type_id=" + CREDITS)).hasSize(4).allSatisfy(invoice ->
                assertThat(invoice.get("credit_type").get("name").asText()).isEqualTo("credits"));
        assertThat(list("?type=USAGE")).hasSize(8);
        assertThat(list("?type=SCHEDULED")).isEmpty();
        assertThat(list("?contract_id=any")).as("usage-plan invoices have no contract").isEmpty();
        assertThat(list("?status=FINALIZED&credit_type_id=" + CREDITS + "&sort=date_desc"))
                .extracting(invoice -> invoice.get("start_timestamp").asText())
                .containsExactly("2024-05-01T00:00:00Z", "2024-04-01T00:00:00Z", "2024-03-01T00:00:00Z");
    }

    @Test
    void skipZeroQuantityLineItemsDropsEmptyLinesWithoutChangingTotals() {
        JsonNode april = list("?starting_on=2024-04-01T00:00:00Z&ending_before=2024-05-01T00:00:00Z" + USD).get(0);
        JsonNode march = list("?ending_before=2024-04-01T00:00:00Z" + USD).get(0);
        assertThat(april.get("line_items")).hasSize(1);
        assertThat(march.get("line_items")).hasSize(1);
        JsonNode skippedApril = list("?skip_zero_qty_line_items=true&starting_on=2024-04-01T00:00:00Z"
                + "&ending_before=2024-05-01T00:00:00Z" + USD).get(0);
        assertThat(skippedApril).isEqualTo(april);
        JsonNode skippedMarch = list("?skip_zero_qty_line_items=true&ending_before=2024-04-01T00:00:00Z" + USD)
                .get(0);
        assertThat(skippedMarch.get("line_items")).isEmpty();
        assertThat(skippedMarch.get("total")).isEqualTo(march.get("total"));

        EmulatorClient.Reply retrieved = client.get(path("/" + march.get("id").asText()
                + "?skip_zero_qty_line_items=true"));
        assertThat(retrieved.data()).isEqualTo(skippedMarch);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "?limit=0|limit", "?limit=101|limit", "?limit=ten|limit", "?status=finalized|status",
            "?status=PAID|status", "?sort=newest|sort", "?type=usage|type", "?starting_on=2024-04-01|starting_on",
            "?ending_before=yesterday|ending_before", "?skip_zero_qty_line_items=yes|skip_zero_qty_line_items",
            "?next_page=bm90LWEtY3Vyc29y|next_page",
            "?starting_on=2024-05-01T00:00:00Z&ending_before=2024-05-01T00:00:00Z|starting_on"})
    void invalidParametersAre400NamingTheParameter(String query, String parameter) {
        EmulatorClient.Reply reply = client.get(path(query));
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.message()).contains(parameter);
    }

    @Test
    void unknownCustomersAndInvoicesAre404() {
        assertThat(client.get("/v1/customers/no-such-customer/invoices").status()).isEqualTo(404);
        String id = list("").get(0).get("id").asText();
        assertThat(client.get("/v1/customers/no-such-customer/invoices/" + id).status()).isEqualTo(404);
        assertThat(client.get(path("/no-such-invoice")).status()).isEqualTo(404);
        String other = client.createCustomer("Other");
        EmulatorClient.Reply ofAnother = client.get("/v1/customers/" + other + "/invoices/" + id);
        assertThat(ofAnother.status()).as("another customer's invoice").isEqualTo(404);
        assertThat(ofAnother.message()).isEqualTo("Invoice not found");
    }

    @Test
    void limitOneHundredIsAllowed() {
        assertThat(list("?limit=100")).hasSize(8);
        assertThat(list("?limit=1")).hasSize(1);
    }

    private List<JsonNode> list(String query) {
        EmulatorClient.Reply reply = client.get(path(query));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<JsonNode> invoices = new ArrayList<>();
        reply.data().forEach(invoices::add);
        return invoices;
    }

    private String path(String suffix) {
        return "/v1/customers/" + customer + "/invoices" + suffix;
    }
}
