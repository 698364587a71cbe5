package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
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
        assertThat(callsLine.get("sub_line_items")).isEmpty();
        assertThat(callsLine.get("credit_type").get("id").asText()).isEqualTo("2714e483-4ff1-48e4-9e25-ac732e8f24f2");
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

    private JsonNode preview(Map<String, Object> body) {
        EmulatorClient.Reply reply = client.post("/v1/customers/" + customer + "/previewEvents", body);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.data();
    }
}
