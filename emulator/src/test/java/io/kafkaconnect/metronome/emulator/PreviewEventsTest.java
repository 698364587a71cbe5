package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kafkaconnect.metronome.emulator.state.CreditType;
import io.kafkaconnect.metronome.emulator.state.PriceTier;
import io.kafkaconnect.metronome.emulator.state.Rate;
import io.kafkaconnect.metronome.emulator.state.RatePlan;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PreviewEventsTest extends EmulatorTestBase {
    private String customer;
    private String calls;
    private String bytes;

    @BeforeEach
    void planWithTwoMetrics() {
        emulator.setNow(Instant.parse("2024-06-15T12:00:00Z"));
        customer = client.createCustomer("Acme", "acme");
        calls = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT",
                "event_type_filter", Map.of("in_values", List.of("api_call"))));
        bytes = client.createMetric(Map.of("name", "bytes", "aggregation_type", "SUM", "aggregation_key", "bytes"));
        emulator.setRates(customer, Map.of(calls, 2.0, bytes, 0.25));
        client.post("/v1/ingest", List.of(Map.of("transaction_id", "stored-1", "customer_id", "acme",
                "event_type", "api_call", "timestamp", "2024-06-02T00:00:00Z", "properties", Map.of("bytes", 8))));
    }

    @Test
    void replacePricesOnlyTheGivenEventsOnADraftInvoiceForTheCurrentMonth() {
        JsonNode invoice = preview(Map.of("events", List.of(
                Map.of("event_type", "api_call", "timestamp", "2024-06-03T00:00:00Z", "properties", Map.of("bytes", 4)),
                Map.of("event_type", "api_call", "timestamp", "2024-05-31T23:59:59Z", "properties", Map.of("bytes", 100)))));
        assertThat(invoice.get("customer_id").asText()).isEqualTo(customer);
        assertThat(invoice.get("status").asText()).isEqualTo("DRAFT");
        assertThat(invoice.get("type").asText()).isEqualTo("USAGE");
        assertThat(invoice.get("credit_type").get("name").asText()).isEqualTo("USD (cents)");
        assertThat(invoice.get("start_timestamp").asText()).isEqualTo("2024-06-01T00:00:00Z");
        assertThat(invoice.get("end_timestamp").asText()).isEqualTo("2024-07-01T00:00:00Z");
        assertThat(invoice.get("invoice_adjustments")).isEmpty();
        assertThat(invoice.get("external_invoice").isNull()).isTrue();

        JsonNode lines = invoice.get("line_items");
        assertThat(lines).hasSize(2);
        JsonNode callsLine = lines.get(0);
        assertThat(callsLine.get("name").asText()).isEqualTo("calls");
        assertThat(callsLine.get("product_id").asText()).isEqualTo(calls);
        assertThat(callsLine.get("quantity").decimalValue()).isEqualByComparingTo("1");
        assertThat(callsLine.get("unit_price").decimalValue()).isEqualByComparingTo("2");
        assertThat(callsLine.get("total").decimalValue()).isEqualByComparingTo("2");
        assertThat(callsLine.get("starting_at").asText()).isEqualTo("2024-06-01T00:00:00Z");
        assertThat(callsLine.get("ending_before").asText()).isEqualTo("2024-07-01T00:00:00Z");
        assertThat(callsLine.get("type").asText()).isEqualTo("usage");
        assertThat(callsLine.get("product_type").asText()).isEqualTo("UsageProductListItem");
        assertThat(callsLine.get("group_key").isNull()).isTrue();
        assertThat(callsLine.get("credit_type").get("id").asText()).isEqualTo("2714e483-4ff1-48e4-9e25-ac732e8f24f2");
        assertThat(callsLine.get("sub_line_items")).singleElement().satisfies(sub -> {
            assertThat(sub.get("name").asText()).isEqualTo("calls");
            assertThat(sub.get("charge_id").asText()).isNotBlank();
            assertThat(sub.get("quantity").decimalValue()).isEqualByComparingTo("1");
            assertThat(sub.get("price").decimalValue()).isEqualByComparingTo("2");
            assertThat(sub.get("subtotal").decimalValue()).isEqualByComparingTo("2");
            assertThat(sub.get("tiers")).isEmpty();
            assertThat(sub.get("tier_period").isNull()).isTrue();
        });
        assertThat(invoice.get("plan_id").asText()).isNotBlank();
        assertThat(invoice.get("plan_name").asText()).isEqualTo("Emulator plan");
        assertThat(invoice.get("issued_at").asText()).isEqualTo("2024-07-01T00:00:00Z");
        assertThat(lines.get(1).get("quantity").decimalValue()).isEqualByComparingTo("4");
        assertThat(lines.get(1).get("total").decimalValue()).isEqualByComparingTo("1");
        assertThat(invoice.get("total").decimalValue()).isEqualByComparingTo("3");
        assertThat(invoice.get("subtotal").decimalValue()).isEqualByComparingTo("3");
    }

    @Test
    void mergeAddsTheIngestedEventsOfTheMonth() {
        JsonNode invoice = preview(Map.of("mode", "merge", "events", List.of(
                Map.of("event_type", "api_call", "properties", Map.of("bytes", 4)))));
        assertThat(invoice.get("line_items").get(0).get("quantity").decimalValue()).isEqualByComparingTo("2");
        assertThat(invoice.get("line_items").get(1).get("quantity").decimalValue()).isEqualByComparingTo("12");
        assertThat(invoice.get("total").decimalValue()).isEqualByComparingTo("7");
    }

    @Test
    void skipZeroQuantityLineItemsDropsEmptyLines() {
        Map<String, Object> onlyHeartbeat = Map.of("event_type", "heartbeat");
        assertThat(preview(Map.of("events", List.of(onlyHeartbeat))).get("line_items")).hasSize(2);
        JsonNode skipped = preview(Map.of("events", List.of(onlyHeartbeat), "skip_zero_qty_line_items", true));
        assertThat(skipped.get("line_items")).isEmpty();
        assertThat(skipped.get("total").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void anEventWithoutTimestampHappensNow() {
        emulator.setNow(Instant.parse("2024-07-01T00:00:00Z"));
        JsonNode invoice = preview(Map.of("events", List.of(Map.of("event_type", "api_call"))));
        assertThat(invoice.get("start_timestamp").asText()).isEqualTo("2024-07-01T00:00:00Z");
        assertThat(invoice.get("line_items").get(0).get("quantity").decimalValue()).isEqualByComparingTo("1");
    }

    @Test
    void previewEventsAreNotStored() {
        preview(Map.of("events", List.of(Map.of("event_type", "api_call", "transaction_id", "p-1",
                "customer_id", "acme", "timestamp", "2024-06-02T00:00:00Z"))));
        JsonNode merged = preview(Map.of("mode", "merge", "events", List.of(Map.of("event_type", "noise"))));
        assertThat(merged.get("line_items").get(0).get("quantity").decimalValue()).isEqualByComparingTo("1");
    }

    @Test
    void invalidPreviewRequestsAre400() {
        Map<String, Object> ok = Map.of("event_type", "api_call");
        List<Object> bodies = List.of(Map.of(), Map.of("events", List.of()),
                Map.of("events", IntStream.range(0, 101).mapToObj(i -> ok).toList()),
                Map.of("events", List.of(ok), "mode", "append"),
                Map.of("events", List.of(ok), "skip_zero_qty_line_items", "yes"),
                Map.of("events", List.of(Map.of("event_type", ""))),
                Map.of("events", List.of(Map.of("properties", Map.of()))),
                Map.of("events", List.of(Map.of("event_type", "x", "timestamp", "now"))),
                Map.of("events", List.of(Map.of("event_type", "x", "properties", "p"))),
                Map.of("events", List.of(Map.of("event_type", "x", "transaction_id", "t".repeat(129)))));
        for (Object body : bodies) {
            assertThat(client.post("/v1/customers/" + customer + "/previewEvents", body).status())
                    .as(body.toString().substring(0, Math.min(100, body.toString().length()))).isEqualTo(400);
        }
        EmulatorClient.Reply unknownTop = client.post("/v1/customers/" + customer + "/previewEvents",
                Map.of("events", List.of(ok), "dry_run", true));
        assertThat(unknownTop.status()).isEqualTo(400);
        assertThat(unknownTop.message()).contains("dry_run");
        EmulatorClient.Reply unknownInEvent = client.post("/v1/customers/" + customer + "/previewEvents",
                Map.of("events", List.of(Map.of("event_type", "x", "quantity", 3))));
        assertThat(unknownInEvent.status()).isEqualTo(400);
        assertThat(unknownInEvent.message()).contains("events[0].quantity");
        assertThat(client.post("/v1/customers/" + customer + "/previewEvents",
                Map.of("events", IntStream.range(0, 100).mapToObj(i -> ok).toList())).status()).isEqualTo(200);
    }

    @Test
    void uniqueMetricsArePricedInPreviews() {
        String users = client.createMetric(Map.of("name", "users", "aggregation_type", "UNIQUE", "aggregation_key", "user"));
        emulator.setRates(customer, Map.of(users, 5.0));
        JsonNode invoice = preview(Map.of("events", List.of(
                Map.of("event_type", "login", "properties", Map.of("user", "a")),
                Map.of("event_type", "login", "properties", Map.of("user", "b")),
                Map.of("event_type", "login", "properties", Map.of("user", "a")),
                Map.of("event_type", "login"))));
        assertThat(invoice.get("line_items").get(0).get("quantity").decimalValue()).isEqualByComparingTo("2");
        assertThat(invoice.get("total").decimalValue()).isEqualByComparingTo("10");
    }

    @Test
    void groupedMetricsHaveOneLineItemPerGroupValueAsCostsDo() {
        String gb = client.createMetric(Map.of("name", "gb", "aggregation_type", "SUM", "aggregation_key", "gb",
                "event_type_filter", Map.of("in_values", List.of("transfer")), "group_keys", List.of(List.of("region"))));
        emulator.setRates(customer, Map.of(gb, 0.5));
        List<Map<String, Object>> events = List.of(
                Map.of("event_type", "transfer", "timestamp", "2024-06-03T01:00:00Z",
                        "properties", Map.of("gb", 10, "region", "us")),
                Map.of("event_type", "transfer", "timestamp", "2024-06-03T02:00:00Z",
                        "properties", Map.of("gb", 4, "region", "eu")),
                Map.of("event_type", "transfer", "timestamp", "2024-06-03T03:00:00Z",
                        "properties", Map.of("gb", 6, "region", "us")),
                Map.of("event_type", "transfer", "timestamp", "2024-06-03T04:00:00Z", "properties", Map.of("gb", 1)));

        JsonNode lines = preview(Map.of("events", events)).get("line_items");

        assertThat(lines).extracting(line -> line.get("group_value").isNull() ? null : line.get("group_value").asText())
                .containsExactly("eu", "us", null);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.get("name").asText()).isEqualTo("gb");
            assertThat(line.get("group_key").asText()).isEqualTo("region");
        });
        assertThat(lines).extracting(line -> line.get("quantity").decimalValue())
                .usingElementComparator(BigDecimal::compareTo).containsExactly(bd("4"), bd("16"), bd("1"));
        assertThat(lines).extracting(line -> line.get("total").decimalValue())
                .usingElementComparator(BigDecimal::compareTo).containsExactly(bd("2"), bd("8"), bd("0.5"));
        assertThat(lines.get(1).get("presentation_group_values").get("region").asText()).isEqualTo("us");

        client.post("/v1/ingest", events.stream().map(event -> {
            Map<String, Object> stored = new LinkedHashMap<>(event);
            stored.put("customer_id", "acme");
            stored.put("transaction_id", "t-" + event.get("timestamp"));
            return stored;
        }).toList());
        JsonNode breakdown = client.get("/v1/customers/" + customer
                        + "/costs?starting_on=2024-06-03T00:00:00Z&ending_before=2024-06-04T00:00:00Z").json()
                .get("data").get(0).get("credit_types").get(CreditType.USD_CENTS.id()).get("line_item_breakdown");
        assertThat(breakdown).hasSameSizeAs(lines);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(breakdown.get(i).get("group_value")).isEqualTo(lines.get(i).get("group_value"));
            assertThat(breakdown.get(i).get("cost").decimalValue())
                    .isEqualByComparingTo(lines.get(i).get("total").decimalValue());
        }
    }

    @Test
    void tieredRatesListEachTierReachedInTheSubLineItem() {
        emulator.setRatePlan(customer, RatePlan.of("Tiered", Map.of(bytes, Rate.tiered(List.of(
                new PriceTier(bd("100"), bd("1")), new PriceTier(bd("50"), bd("0.5")),
                new PriceTier(null, bd("0.25"))), CreditType.USD_CENTS)), null));

        JsonNode line = preview(Map.of("events", List.of(Map.of("event_type", "x", "properties", Map.of("bytes", 170)))))
                .get("line_items").get(0);

        assertThat(line.get("quantity").decimalValue()).isEqualByComparingTo("170");
        assertThat(line.get("total").decimalValue()).isEqualByComparingTo("130"); // 100 * 1 + 50 * 0.5 + 20 * 0.25
        assertThat(line.get("unit_price").isNull()).isTrue();
        JsonNode sub = line.get("sub_line_items").get(0);
        assertThat(sub.get("price").isNull()).isTrue();
        assertThat(sub.get("tier_period").get("starting_at").asText()).isEqualTo("2024-06-01T00:00:00Z");
        assertThat(sub.get("tier_period").get("ending_before").asText()).isEqualTo("2024-07-01T00:00:00Z");
        assertThat(sub.get("tiers")).extracting(tier -> tier.get("starting_at").decimalValue() + " "
                        + tier.get("quantity").decimalValue() + " x " + tier.get("price").decimalValue() + " = "
                        + tier.get("subtotal").decimalValue())
                .containsExactly("0 100 x 1 = 100", "100 50 x 0.5 = 25", "150 20 x 0.25 = 5");

        JsonNode unused = preview(Map.of("events", List.of(Map.of("event_type", "x")))).get("line_items").get(0);
        assertThat(unused.get("sub_line_items").get(0).get("tiers")).singleElement()
                .satisfies(tier -> assertThat(tier.get("quantity").decimalValue()).isZero());
    }

    @Test
    void aMinimumAboveTheSubtotalIsAnInvoiceAdjustment() {
        emulator.setRatePlan(customer, RatePlan.of("Minimum", Map.of(calls, Rate.flat(bd("2"))), bd("150000")));

        JsonNode invoice = preview(Map.of("events", List.of(Map.of("event_type", "api_call"))));

        assertThat(invoice.get("subtotal").decimalValue()).isEqualByComparingTo("2");
        assertThat(invoice.get("invoice_adjustments")).singleElement().satisfies(adjustment -> {
            assertThat(adjustment.get("name").asText()).isEqualTo("Monthly minimum ($1,500)");
            assertThat(adjustment.get("total").decimalValue()).isEqualByComparingTo("149998");
            assertThat(adjustment.get("credit_type").get("name").asText()).isEqualTo("USD (cents)");
        });
        assertThat(invoice.get("total").decimalValue()).isEqualByComparingTo("150000");

        emulator.setRatePlan(customer, RatePlan.of("Minimum", Map.of(calls, Rate.flat(bd("2"))), bd("1")));
        assertThat(preview(Map.of("events", List.of(Map.of("event_type", "api_call")))).get("invoice_adjustments"))
                .isEmpty();
    }

    @Test
    void theArrayFormHasOneInvoicePerCreditTypeAndTheObjectFormTheFirst() {
        Map<String, Rate> rates = new LinkedHashMap<>();
        rates.put(calls, Rate.flat(bd("2")));
        rates.put(bytes, Rate.flat(bd("3"), CreditType.named("credits")));
        emulator.setRatePlan(customer, RatePlan.of("Mixed", rates, null));
        Map<String, Object> body = Map.of("events", List.of(
                Map.of("event_type", "api_call", "properties", Map.of("bytes", 5))));

        emulator.setPreviewResponseForm(PreviewResponseForm.ARRAY);
        JsonNode invoices = preview(body);

        assertThat(invoices.isArray()).isTrue();
        assertThat(invoices).hasSize(2);
        assertThat(invoices.get(0).get("credit_type").get("name").asText()).isEqualTo("USD (cents)");
        assertThat(invoices.get(0).get("line_items")).extracting(line -> line.get("name").asText()).containsExactly("calls");
        assertThat(invoices.get(0).get("total").decimalValue()).isEqualByComparingTo("2");
        assertThat(invoices.get(1).get("credit_type").get("id").asText()).isEqualTo(CreditType.named("credits").id());
        assertThat(invoices.get(1).get("line_items")).singleElement().satisfies(line -> {
            assertThat(line.get("name").asText()).isEqualTo("bytes");
            assertThat(line.get("credit_type").get("name").asText()).isEqualTo("credits");
        });
        assertThat(invoices.get(1).get("total").decimalValue()).isEqualByComparingTo("15");
        assertThat(invoices.get(0).get("id").asText()).isNotEqualTo(invoices.get(1).get("id").asText());
        assertThat(invoices).allSatisfy(invoice -> assertThat(invoice.get("plan_name").asText()).isEqualTo("Mixed"));

        emulator.setPreviewResponseForm(PreviewResponseForm.OBJECT);
        JsonNode first = preview(body);
        assertThat(first.isObject()).isTrue();
        assertThat(first.get("credit_type").get("name").asText()).isEqualTo("USD (cents)");
        assertThat(first.get("total").decimalValue()).isEqualByComparingTo("2");
    }

    @Test
    void withoutAPlanTheArrayFormHasOneEmptyInvoice() {
        String planless = client.createCustomer("Planless", "planless");
        emulator.setPreviewResponseForm(PreviewResponseForm.ARRAY);
        EmulatorClient.Reply reply = client.post("/v1/customers/" + planless + "/previewEvents",
                Map.of("events", List.of(Map.of("event_type", "api_call"))));
        assertThat(reply.data()).singleElement().satisfies(invoice -> {
            assertThat(invoice.get("line_items")).isEmpty();
            assertThat(invoice.get("total").decimalValue()).isZero();
            assertThat(invoice.get("plan_id").isNull()).isTrue();
            assertThat(invoice.get("credit_type").get("name").asText()).isEqualTo("USD (cents)");
        });
    }

    @Test
    void theFormIsSetThroughTheControlApiUntilReset() {
        assertThat(client.get("/_emulator/preview-events-form").json().get("form").asText()).isEqualTo("object");
        JsonNode set = client.put("/_emulator/preview-events-form", Map.of("form", "array")).json();
        assertThat(set.get("form").asText()).isEqualTo("array");
        assertThat(set.get("default").asText()).isEqualTo("object");
        assertThat(preview(Map.of("events", List.of(Map.of("event_type", "api_call")))).isArray()).isTrue();
        assertThat(client.put("/_emulator/preview-events-form", Map.of("form", "list")).status()).isEqualTo(400);
        assertThat(client.put("/_emulator/preview-events-form", Map.of()).status()).isEqualTo(400);

        client.post("/_emulator/reset", null);
        assertThat(emulator.previewResponseForm()).isEqualTo(PreviewResponseForm.OBJECT);
    }

    @Test
    void theStartupFormOutlivesReset() throws IOException {
        try (MetronomeEmulator arrays = new MetronomeEmulator(0, TOKEN)
                .withPreviewResponseForm(PreviewResponseForm.ARRAY).start();
             EmulatorClient arraysClient = new EmulatorClient(arrays)) {
            arrays.setPreviewResponseForm(PreviewResponseForm.OBJECT);
            arrays.reset();
            String id = arraysClient.createCustomer("A", "a");
            EmulatorClient.Reply reply = arraysClient.post("/v1/customers/" + id + "/previewEvents",
                    Map.of("events", List.of(Map.of("event_type", "api_call"))));
            assertThat(reply.data().isArray()).isTrue();
            assertThat(arraysClient.get("/_emulator/preview-events-form").json().get("default").asText())
                    .isEqualTo("array");
        }
    }

    private static BigDecimal bd(String value) {
        return new BigDecimal(value);
    }

    private JsonNode preview(Map<String, Object> body) {
        EmulatorClient.Reply reply = client.post("/v1/customers/" + customer + "/previewEvents", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.data();
    }
}
