package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer's monthly invoices across two month ends: a month's draft follows the usage; once the clock passes the
 * month's end it is finalized with what preview computed at that moment, keeps its id, and late usage for it no
 * longer changes it, while the new month's draft takes the new usage.
 */
class InvoiceFinalizationTest extends EmulatorTestBase {
    private String customer;
    private int transactions;

    @BeforeEach
    void customerWithAPlan() {
        emulator.setNow(Instant.parse("2024-06-15T12:00:00Z"));
        customer = client.createCustomer("Acme", "acme");
        String calls = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT",
                "event_type_filter", Map.of("in_values", List.of("api_call"))));
        String bytes = client.createMetric(Map.of("name", "bytes", "aggregation_type", "SUM", "aggregation_key",
                "bytes"));
        emulator.setRates(customer, Map.of(calls, 2.0, bytes, 0.25));
    }

    @Test
    void eachMonthIsADraftUntilTheClockPassesItsEndThenItsSnapshotIsFinal() {
        ingest("2024-06-02T00:00:00Z", 8);
        ingest("2024-06-10T00:00:00Z", 4);
        JsonNode juneDraft = single(invoices());
        assertThat(juneDraft.get("status").asText()).isEqualTo("DRAFT");
        assertThat(juneDraft.get("start_timestamp").asText()).isEqualTo("2024-06-01T00:00:00Z");
        assertThat(juneDraft.get("end_timestamp").asText()).isEqualTo("2024-07-01T00:00:00Z");
        assertThat(juneDraft.get("total").decimalValue()).isEqualByComparingTo("7"); // 2 calls * 2 + 12 bytes * 0.25
        String juneId = juneDraft.get("id").asText();

        emulator.setNow(Instant.parse("2024-06-30T23:59:59Z"));
        ingest("2024-06-30T23:00:00Z", 40); // last-minute usage counts
        JsonNode previewAtClose = previewMerge();
        assertThat(previewAtClose.get("total").decimalValue()).isEqualByComparingTo("19");

        emulator.setNow(Instant.parse("2024-07-02T08:00:00Z"));
        List<JsonNode> afterFirstClose = invoices();
        assertThat(afterFirstClose).hasSize(2);
        JsonNode juneFinal = afterFirstClose.get(0);
        assertThat(juneFinal.get("id").asText()).as("a draft keeps its id when finalized").isEqualTo(juneId);
        assertThat(juneFinal.get("status").asText()).isEqualTo("FINALIZED");
        assertThat(juneFinal.get("issued_at").asText()).isEqualTo("2024-07-01T00:00:00Z");
        assertThat(juneFinal.get("total").decimalValue())
                .isEqualByComparingTo(previewAtClose.get("total").decimalValue());
        assertThat(juneFinal.get("subtotal").decimalValue())
                .isEqualByComparingTo(previewAtClose.get("subtotal").decimalValue());
        assertThat(lineTotals(juneFinal)).isEqualTo(lineTotals(previewAtClose));
        JsonNode julyDraft = afterFirstClose.get(1);
        assertThat(julyDraft.get("status").asText()).isEqualTo("DRAFT");
        assertThat(julyDraft.get("start_timestamp").asText()).isEqualTo("2024-07-01T00:00:00Z");
        assertThat(julyDraft.get("total").decimalValue()).isEqualByComparingTo("0");

        ingest("2024-06-20T00:00:00Z", 1000); // late usage for the closed month, within the backdating window
        ingest("2024-07-02T06:00:00Z", 16); // before now: ingest takes timestamps at most 1 day ahead
        emulator.setRates(customer, Map.of()); // nor does a plan change touch a finalized invoice
        List<JsonNode> withLateUsage = invoices();
        assertThat(withLateUsage.get(0)).as("the finalized June invoice is frozen").isEqualTo(juneFinal);
        assertThat(withLateUsage.get(1).get("id").asText()).isEqualTo(julyDraft.get("id").asText());
        assertThat(withLateUsage.get(1).get("total").decimalValue()).as("empty plan now").isEqualByComparingTo("0");

        emulator.setRates(customer, Map.of(metricId("calls"), 2.0, metricId("bytes"), 0.25));
        JsonNode julyDraftWithUsage = invoices().get(1);
        assertThat(julyDraftWithUsage.get("total").decimalValue()).isEqualByComparingTo("6"); // 2 + 16 * 0.25
        JsonNode julyPreviewAtClose = previewMerge();

        emulator.setNow(Instant.parse("2024-08-03T00:00:00Z"));
        ingest("2024-07-31T12:00:00Z", 400); // late again, after the second close
        ingest("2024-08-01T00:00:00Z", 4);
        List<JsonNode> afterSecondClose = invoices();
        assertThat(afterSecondClose).extracting(invoice -> invoice.get("status").asText())
                .containsExactly("FINALIZED", "FINALIZED", "DRAFT");
        assertThat(afterSecondClose.get(0)).isEqualTo(juneFinal);
        JsonNode julyFinal = afterSecondClose.get(1);
        assertThat(julyFinal.get("id").asText()).isEqualTo(julyDraft.get("id").asText());
        assertThat(julyFinal.get("total").decimalValue())
                .isEqualByComparingTo(julyPreviewAtClose.get("total").decimalValue()).isEqualByComparingTo("6");
        assertThat(afterSecondClose.get(2).get("start_timestamp").asText()).isEqualTo("2024-08-01T00:00:00Z");
        assertThat(afterSecondClose.get(2).get("total").decimalValue()).isEqualByComparingTo("3");

        for (JsonNode listed : afterSecondClose) {
            EmulatorClient.Reply retrieved = client.get(invoicePath(listed.get("id").asText()));
            assertThat(retrieved.status()).as(retrieved.body()).isEqualTo(200);
            assertThat(retrieved.data()).isEqualTo(listed);
        }
    }

    @Test
    void aMonthRealTimeClosedIsFinalizedBeforeTheNextRequestRuns() {
        ingest("2024-06-10T00:00:00Z", 4);
        // real time passing the month end: the clock moves without the control API
        emulator.state().clock().freezeAt(Instant.parse("2024-07-01T00:00:01Z"));
        ingest("2024-06-20T00:00:00Z", 1000); // this request first finalizes June, then records the late usage

        List<JsonNode> invoices = invoices();
        assertThat(invoices.get(0).get("status").asText()).isEqualTo("FINALIZED");
        assertThat(invoices.get(0).get("total").decimalValue()).isEqualByComparingTo("3"); // 2 + 4 * 0.25
    }

    @Test
    void movingTheClockBackDoesNotReopenAFinalizedMonth() {
        ingest("2024-06-10T00:00:00Z", 4);
        emulator.setNow(Instant.parse("2024-07-02T00:00:00Z"));
        JsonNode juneFinal = invoices().get(0);
        emulator.setNow(Instant.parse("2024-06-20T00:00:00Z"));
        ingest("2024-06-11T00:00:00Z", 4);

        assertThat(invoices()).containsExactly(juneFinal);
    }

    @Test
    void archivingVoidsTheOpenMonthAsItWasAndEndsBilling() {
        ingest("2024-06-10T00:00:00Z", 4);
        emulator.setNow(Instant.parse("2024-07-02T00:00:00Z"));
        JsonNode juneFinal = invoices().get(0);
        ingest("2024-07-01T00:00:00Z", 8);
        assertThat(client.post("/v1/customers/archive", Map.of("id", customer)).status()).isEqualTo(200);
        ingest("2024-07-01T01:00:00Z", 8);
        emulator.setNow(Instant.parse("2024-09-02T00:00:00Z"));

        List<JsonNode> invoices = invoices();
        assertThat(invoices).hasSize(2);
        assertThat(invoices.get(0)).isEqualTo(juneFinal);
        assertThat(invoices.get(1).get("status").asText()).isEqualTo("VOID");
        assertThat(invoices.get(1).get("start_timestamp").asText()).isEqualTo("2024-07-01T00:00:00Z");
        assertThat(invoices.get(1).get("total").decimalValue()).isEqualByComparingTo("4"); // 2 + 8 * 0.25
    }

    @Test
    void aCustomerCreatedLaterHasInvoicesFromItsCreationMonthOnly() {
        emulator.setNow(Instant.parse("2024-09-05T00:00:00Z"));
        String late = client.createCustomer("Late");
        EmulatorClient.Reply reply = client.get("/v1/customers/" + late + "/invoices");
        assertThat(reply.data()).singleElement().satisfies(invoice -> {
            assertThat(invoice.get("start_timestamp").asText()).isEqualTo("2024-09-01T00:00:00Z");
            assertThat(invoice.get("status").asText()).isEqualTo("DRAFT");
        });
        assertThat(invoices()).as("June to September for the first customer").hasSize(4);
    }

    private void ingest(String timestamp, int bytes) {
        EmulatorClient.Reply reply = client.post("/v1/ingest", List.of(Map.of("transaction_id", "t-" + transactions++,
                "customer_id", "acme", "event_type", "api_call", "timestamp", timestamp,
                "properties", Map.of("bytes", bytes))));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    private List<JsonNode> invoices() {
        EmulatorClient.Reply reply = client.get("/v1/customers/" + customer + "/invoices");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("next_page").isNull()).isTrue();
        List<JsonNode> invoices = new ArrayList<>();
        reply.data().forEach(invoices::add);
        return invoices;
    }

    /** What preview computes for the current month from the ingested usage (an event no metric counts added). */
    private JsonNode previewMerge() {
        EmulatorClient.Reply reply = client.post("/v1/customers/" + customer + "/previewEvents",
                Map.of("mode", "merge", "events", List.of(Map.of("event_type", "heartbeat"))));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.data();
    }

    private String invoicePath(String invoiceId) {
        return "/v1/customers/" + customer + "/invoices/" + invoiceId;
    }

    private String metricId(String name) {
        for (JsonNode metric : client.get("/v1/customers/" + customer + "/billable-metrics").data()) {
            if (metric.get("name").asText().equals(name)) {
                return metric.get("id").asText();
            }
        }
        throw new AssertionError("no metric " + name);
    }

    private static JsonNode single(List<JsonNode> invoices) {
        assertThat(invoices).hasSize(1);
        return invoices.get(0);
    }

    private static List<String> lineTotals(JsonNode invoice) {
        List<String> totals = new ArrayList<>();
        invoice.get("line_items").forEach(line -> totals.add(line.get("name").asText() + "="
                + line.get("quantity").decimalValue().stripTrailingZeros().toPlainString() + "/"
                + line.get("total").decimalValue().stripTrailingZeros().toPlainString()));
        return totals;
    }
}
