package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.emulator.state.CreditType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class UsageAndCostsTest extends EmulatorTestBase {
    private static final String USD = "2714e483-4ff1-48e4-9e25-ac732e8f24f2";
    private static final String JUNE_10_TO_12 = "starting_on=2024-06-10T05:00:00Z&ending_before=2024-06-12T00:00:00Z";

    private int transaction;

    @BeforeEach
    void freezeClock() {
        emulator.setNow(Instant.parse("2024-06-15T12:00:00Z"));
    }

    @Test
    void costsAreComputedForEachAggregationType() {
        String customer = client.createCustomer("Acme", "acme");
        String count = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT",
                "event_type_filter", Map.of("in_values", List.of("api_call"))));
        String sum = client.createMetric(Map.of("name", "bytes", "aggregation_type", "SUM", "aggregation_key", "bytes",
                "event_type_filter", Map.of("in_values", List.of("api_call"))));
        String max = client.createMetric(Map.of("name", "peak cpu", "aggregation_type", "MAX", "aggregation_key", "cpu"));
        String latest = client.createMetric(Map.of("name", "seats", "aggregation_type", "LATEST", "aggregation_key", "seats"));
        emulator.setRates(customer, Map.of(count, 2.0, sum, 0.5, max, 10.0, latest, 3.0));

        ingest(event("acme", "api_call", "2024-06-10T01:00:00Z", Map.of("bytes", 10)),
                event("acme", "api_call", "2024-06-10T02:00:00Z", Map.of("bytes", "20")),
                event("acme", "api_call", "2024-06-10T03:00:00Z", Map.of("bytes", 5.5)),
                event("acme", "api_call", "2024-06-10T04:00:00Z", Map.of("other", 1)),
                event("acme", "cpu", "2024-06-10T01:00:00Z", Map.of("cpu", 3)),
                event("acme", "cpu", "2024-06-10T02:00:00Z", Map.of("cpu", 7)),
                event("acme", "cpu", "2024-06-10T03:00:00Z", Map.of("cpu", "5")),
                event("acme", "seat", "2024-06-10T01:00:00Z", Map.of("seats", 4)),
                event("acme", "seat", "2024-06-10T03:00:00Z", Map.of("seats", 9)),
                event("acme", "seat", "2024-06-10T02:00:00Z", Map.of("seats", 6)),
                event("acme", "api_call", "2024-06-11T23:59:59Z", Map.of("bytes", 1)),
                event("acme", "api_call", "2024-06-12T00:00:00Z", Map.of("bytes", 1000)));

        JsonNode page = client.get("/v1/customers/" + customer + "/costs?" + JUNE_10_TO_12).json();
        JsonNode days = page.get("data");
        assertThat(days).hasSize(2);
        assertThat(page.get("next_page").isNull()).isTrue();
        assertThat(days.get(0).get("start_timestamp").asText()).isEqualTo("2024-06-10T00:00:00Z");
        assertThat(days.get(0).get("end_timestamp").asText()).isEqualTo("2024-06-11T00:00:00Z");
        JsonNode first = days.get(0).get("credit_types").get(USD);
        assertThat(first.get("name").asText()).isEqualTo("USD (cents)");
        assertThat(lineCosts(first)).containsExactly(Map.entry("calls", 8.0), Map.entry("bytes", 17.75),
                Map.entry("peak cpu", 70.0), Map.entry("seats", 27.0));
        assertThat(first.get("cost").decimalValue()).isEqualByComparingTo("122.75");

        JsonNode second = days.get(1).get("credit_types").get(USD);
        assertThat(lineCosts(second)).containsExactly(Map.entry("calls", 2.0), Map.entry("bytes", 0.5),
                Map.entry("peak cpu", 0.0), Map.entry("seats", 0.0));
        assertThat(second.get("cost").decimalValue()).isEqualByComparingTo("2.5");
    }

    @Test
    void eventTypeAndPropertyFiltersSelectEvents() {
        String customer = client.createCustomer("Acme");
        String metric = client.createMetric(Map.of("name", "filtered", "aggregation_type", "COUNT",
                "event_type_filter", Map.of("not_in_values", List.of("debug")),
                "property_filters", List.of(
                        Map.of("name", "region", "in_values", List.of("eu", "us")),
                        Map.of("name", "internal", "exists", false),
                        Map.of("name", "tier", "not_in_values", List.of("free")))));
        emulator.setRates(customer, Map.of(metric, 1.0));
        String t = "2024-06-10T10:00:00Z";
        ingest(event(customer, "api", t, Map.of("region", "eu")),
                event(customer, "api", t, Map.of("region", "us", "tier", "free")),
                event(customer, "debug", t, Map.of("region", "eu")),
                event(customer, "api", t, Map.of("region", "ap")),
                event(customer, "api", t, Map.of("region", "eu", "internal", true)),
                event(customer, "api", t, Map.of("region", "us", "tier", "paid")),
                event(customer, "api", t, Map.of()));
        assertThat(dayCost(customer, 0)).isEqualByComparingTo("2");
    }

    @Test
    void ingestResolvesAliasesAndIgnoresDuplicateTransactions() {
        String customer = client.createCustomer("Acme", "acme-alias");
        String metric = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT"));
        emulator.setRates(customer, Map.of(metric, 1.0));
        String t = "2024-06-10T10:00:00Z";
        Map<String, Object> byAlias = eventWithId("tx-1", "acme-alias", t);
        Map<String, Object> byId = eventWithId("tx-2", customer, t);
        Map<String, Object> unknown = eventWithId("tx-3", "nobody", t);
        assertThat(client.post("/v1/ingest", List.of(byAlias, byId, unknown, byId)).status()).isEqualTo(200);
        EmulatorClient.Reply again = client.post("/v1/ingest", List.of(byAlias, eventWithId("tx-4", customer, t)));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEmpty();
        assertThat(dayCost(customer, 0)).isEqualByComparingTo("3");
    }

    @Test
    void aliasesAreResolvedAtIngestTime() {
        String first = client.createCustomer("First", "moving");
        String metric = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT"));
        String t = "2024-06-10T10:00:00Z";
        ingest(event("moving", "api", t, Map.of()));
        client.post("/v1/customers/" + first + "/setIngestAliases", Map.of("ingest_aliases", List.of()));
        String second = client.createCustomer("Second", "moving");
        ingest(event("moving", "api", t, Map.of()), event("moving", "api", t, Map.of()));
        emulator.setRates(first, Map.of(metric, 1.0));
        emulator.setRates(second, Map.of(metric, 1.0));
        assertThat(dayCost(first, 0)).isEqualByComparingTo("1");
        assertThat(dayCost(second, 0)).isEqualByComparingTo("2");
    }

    @Test
    void groupKeysBreakDownCostsByTheFirstKey() {
        String customer = client.createCustomer("Acme");
        String metric = client.createMetric(Map.of("name", "bytes", "aggregation_type", "SUM", "aggregation_key", "bytes",
                "group_keys", List.of(List.of("region", "zone"))));
        emulator.setRates(customer, Map.of(metric, 2.0));
        String t = "2024-06-10T10:00:00Z";
        ingest(event(customer, "x", t, Map.of("region", "us", "bytes", 4)),
                event(customer, "x", t, Map.of("region", "eu", "bytes", 2)),
                event(customer, "x", t, Map.of("region", "eu", "bytes", 3)),
                event(customer, "x", t, Map.of("bytes", 1)));

        JsonNode days = client.get("/v1/customers/" + customer + "/costs?" + JUNE_10_TO_12).json().get("data");
        JsonNode breakdown = days.get(0).get("credit_types").get(USD).get("line_item_breakdown");
        assertThat(breakdown).hasSize(3);
        assertThat(breakdown.get(0).get("group_key").asText()).isEqualTo("region");
        assertThat(breakdown.get(0).get("group_value").asText()).isEqualTo("eu");
        assertThat(breakdown.get(0).get("cost").decimalValue()).isEqualByComparingTo("10");
        assertThat(breakdown.get(1).get("group_value").asText()).isEqualTo("us");
        assertThat(breakdown.get(1).get("cost").decimalValue()).isEqualByComparingTo("8");
        assertThat(breakdown.get(2).get("group_value").isNull()).isTrue();
        assertThat(breakdown.get(2).get("cost").decimalValue()).isEqualByComparingTo("2");
        assertThat(days.get(0).get("credit_types").get(USD).get("cost").decimalValue()).isEqualByComparingTo("20");

        JsonNode quietDay = days.get(1).get("credit_types").get(USD).get("line_item_breakdown");
        assertThat(quietDay).hasSize(1);
        assertThat(quietDay.get(0).get("cost").decimalValue()).isEqualByComparingTo("0");
        assertThat(quietDay.get(0).has("group_key")).isFalse();
    }

    @Test
    void costsAreBrokenDownByTheCreditTypeOfEachRate() {
        String customer = client.createCustomer("Acme");
        String calls = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT"));
        String tokens = client.createMetric(Map.of("name", "tokens", "aggregation_type", "SUM", "aggregation_key", "tokens"));
        assertThat(client.put("/_emulator/customers/" + customer + "/rates", Map.of("rates", Map.of(calls, 2,
                tokens, Map.of("credit_type", "credits", "tiers", List.of(Map.of("size", 10, "price", 1),
                        Map.of("price", 0.1)))))).status()).isEqualTo(200);
        ingest(event(customer, "x", "2024-06-10T10:00:00Z", Map.of("tokens", 30)));

        JsonNode creditTypes = client.get("/v1/customers/" + customer + "/costs?" + JUNE_10_TO_12).json().get("data")
                .get(0).get("credit_types");
        assertThat(creditTypes.get(USD).get("cost").decimalValue()).isEqualByComparingTo("2");
        assertThat(creditTypes.get(USD).get("line_item_breakdown")).extracting(line -> line.get("name").asText())
                .containsExactly("calls");
        JsonNode credits = creditTypes.get(CreditType.named("credits").id());
        assertThat(credits.get("name").asText()).isEqualTo("credits");
        assertThat(credits.get("cost").decimalValue()).isEqualByComparingTo("12"); // 10 * 1 + 20 * 0.1
        assertThat(credits.get("line_item_breakdown")).extracting(line -> line.get("name").asText())
                .containsExactly("tokens");
    }

    @Test
    void costsAreRefusedForPlansWithAUniqueMetric() {
        String customer = client.createCustomer("Acme");
        String unique = client.createMetric(Map.of("name", "users", "aggregation_type", "UNIQUE", "aggregation_key", "user"));
        emulator.setRates(customer, Map.of(unique, 1.0));
        EmulatorClient.Reply reply = client.get("/v1/customers/" + customer + "/costs?" + JUNE_10_TO_12);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message())
                .isEqualTo("Costs are not supported for customers whose plan includes a UNIQUE billable metric");
    }

    @Test
    void costParametersAreValidated() {
        String path = "/v1/customers/" + client.createCustomer("Acme") + "/costs?";
        for (String query : List.of("ending_before=2024-06-12T00:00:00Z", "starting_on=2024-06-10T00:00:00Z",
                "starting_on=yesterday&ending_before=2024-06-12T00:00:00Z",
                "starting_on=2024-06-10&ending_before=2024-06-12T00:00:00Z",
                "starting_on=2024-06-12T00:00:00Z&ending_before=2024-06-12T00:00:00Z",
                "starting_on=2024-06-13T00:00:00Z&ending_before=2024-06-12T00:00:00Z",
                JUNE_10_TO_12 + "&limit=0", JUNE_10_TO_12 + "&limit=101", JUNE_10_TO_12 + "&next_page=garbage")) {
            assertThat(client.get(path + query).status()).as(query).isEqualTo(400);
        }
        assertThat(client.get(path + "starting_on=2024-06-10T02:00:00%2B02:00&ending_before=2024-06-12T00:00:00Z")
                .status()).isEqualTo(200);
    }

    @Test
    void bucketsAreAlignedToUtcMidnightAndEmptyWithoutRatedMetrics() {
        String customer = client.createCustomer("Acme");
        JsonNode days = client.get("/v1/customers/" + customer
                + "/costs?starting_on=2024-06-10T05:00:00Z&ending_before=2024-06-12T01:00:00Z").json().get("data");
        assertThat(days).extracting(day -> day.get("start_timestamp").asText())
                .containsExactly("2024-06-10T00:00:00Z", "2024-06-11T00:00:00Z", "2024-06-12T00:00:00Z");
        days.forEach(day -> assertThat(day.get("credit_types").isEmpty()).isTrue());
    }

    @Test
    void costBucketsArePaged() {
        String customer = client.createCustomer("Acme");
        String metric = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT"));
        emulator.setRates(customer, Map.of(metric, 1.0));
        emulator.setNow(Instant.parse("2024-02-15T12:00:00Z")); // ingest takes at most 34 days back
        ingest(event(customer, "x", "2024-02-14T08:00:00Z", Map.of()));
        List<JsonNode> buckets = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = client.get("/v1/customers/" + customer
                    + "/costs?starting_on=2024-01-01T00:00:00Z&ending_before=2024-02-15T00:00:00Z&limit=20"
                    + (cursor == null ? "" : "&next_page=" + cursor)).json();
            page.get("data").forEach(buckets::add);
            cursor = page.get("next_page").isNull() ? null : page.get("next_page").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(buckets).hasSize(45);
        assertThat(buckets.get(44).get("start_timestamp").asText()).isEqualTo("2024-02-14T00:00:00Z");
        assertThat(buckets.get(44).get("credit_types").get(USD).get("cost").decimalValue()).isEqualByComparingTo("1");
        assertThat(buckets.get(0).get("credit_types").get(USD).get("cost").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void invalidIngestBatchesAre400AndStoreNothing() {
        String customer = client.createCustomer("Acme");
        String metric = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT"));
        emulator.setRates(customer, Map.of(metric, 1.0));
        String t = "2024-06-10T10:00:00Z";
        Map<String, Object> valid = eventWithId("ok", customer, t);
        List<Map<String, Object>> hundredAndOne = IntStream.range(0, 101).mapToObj(i -> eventWithId("t" + i, customer, t)).toList();
        List<Object> bodies = List.of(Map.of("transaction_id", "x"), List.of(), hundredAndOne,
                List.of(valid, without(valid, "transaction_id")),
                List.of(valid, with(valid, "transaction_id", "x".repeat(129))),
                List.of(valid, with(valid, "transaction_id", "")),
                List.of(valid, without(valid, "customer_id")),
                List.of(valid, without(valid, "event_type")),
                List.of(valid, without(valid, "timestamp")),
                List.of(valid, with(valid, "timestamp", "10 June 2024")),
                List.of(valid, with(valid, "properties", List.of())),
                List.of(valid, "not an object"));
        for (Object body : bodies) {
            assertThat(client.post("/v1/ingest", body).status()).isEqualTo(400);
        }
        assertThat(dayCost(customer, 0)).isEqualByComparingTo("0");
        assertThat(client.post("/v1/ingest", hundredAndOne.subList(0, 100)).status()).isEqualTo(200);
        assertThat(dayCost(customer, 0)).isEqualByComparingTo("100");
    }

    private void ingest(Map<?, ?>... events) {
        EmulatorClient.Reply reply = client.post("/v1/ingest", List.of(events));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    private Map<String, Object> event(String customerId, String type, String timestamp, Map<String, Object> properties) {
        return Map.of("transaction_id", "tx-" + (++transaction), "customer_id", customerId, "event_type", type,
                "timestamp", timestamp, "properties", properties);
    }

    private static Map<String, Object> eventWithId(String transactionId, String customerId, String timestamp) {
        return Map.of("transaction_id", transactionId, "customer_id", customerId, "event_type", "api",
                "timestamp", timestamp);
    }

    private static Map<String, Object> with(Map<String, Object> event, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(event);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, Object> without(Map<String, Object> event, String field) {
        Map<String, Object> copy = new HashMap<>(event);
        copy.remove(field);
        return copy;
    }

    /** The total cost of day {@code index} counted from 2024-06-10. */
    private BigDecimal dayCost(String customer, int index) {
        JsonNode day = client.get("/v1/customers/" + customer + "/costs?" + JUNE_10_TO_12).json().get("data").get(index);
        return day.get("credit_types").get(USD).get("cost").decimalValue();
    }

    private static List<Map.Entry<String, Double>> lineCosts(JsonNode creditType) {
        List<Map.Entry<String, Double>> lines = new ArrayList<>();
        creditType.get("line_item_breakdown").forEach(line ->
                lines.add(Map.entry(line.get("name").asText(), line.get("cost").asDouble())));
        return lines;
    }
}
