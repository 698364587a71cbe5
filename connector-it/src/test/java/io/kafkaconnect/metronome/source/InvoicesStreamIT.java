package io.kafkaconnect.metronome.source;

import static io.kafkaconnect.metronome.client.MetronomeRequests.archiveCustomer;
import static io.kafkaconnect.metronome.client.MetronomeRequests.createBillableMetric;
import static io.kafkaconnect.metronome.client.MetronomeRequests.createCustomer;
import static io.kafkaconnect.metronome.client.MetronomeRequests.ingest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.ConnectClusterExtension;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import io.kafkaconnect.metronome.testkit.TestConnectorConfigs;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 14 end to end: the emulator's clock crosses two month ends with usage in each month and late usage after
 * each close, while two source connectors in a real worker with exactly-once source support (records and offsets
 * committed in one transaction) copy the invoices of two customers: {@code fin} (closed
 * invoices only, two tasks, stopped and resumed between the month ends) and {@code drafts}
 * ({@code invoices.include.drafts=true}). Each finalized invoice lands once, its amounts exactly the emulator's, its
 * line items on their topic; a draft lands again only when its content changed. A customer archived mid-run: the
 * invoice its archive voided lands once, and the scan then leaves the customer alone.
 */
class InvoicesStreamIT {

    private static final Logger log = LoggerFactory.getLogger(InvoicesStreamIT.class);
    private static final String LIST_INVOICES = "GET /v1/customers/{customer_id}/invoices";
    /** 17 significant digits: as a double this rate is 0.1. */
    private static final BigDecimal RATE = new BigDecimal("0.10000000000000001");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false); // keep the digits as written

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(
            ConnectTestClusters.builder().name("invoices-it").exactlyOnceSource());

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final MetronomeClient client = EMULATOR.client();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void finalizedInvoicesOnceWithTheEmulatorsAmountsAndDraftsOnlyWhenChanged() throws Exception {
        EmbeddedConnectCluster cluster = CONNECT.cluster();
        emulator.setNow(Instant.parse("2024-06-15T12:00:00Z"));
        String metricId = client.execute(createBillableMetric(new CreateBillableMetricRequest("api calls", "COUNT",
                null, new BillableMetric.EventTypeFilter(List.of("api_call"), null), List.of(), List.of(), Map.of()),
                null));
        List<String> customers = new ArrayList<>();
        for (String name : List.of("acme", "globex")) {
            String id = client.execute(createCustomer(CreateCustomerRequest.of(name, List.of(name)), null)).id();
            emulator.setExactRates(id, Map.of(metricId, RATE));
            customers.add(id);
        }
        usage(customers.get(0), "2024-06-02T00:00:00Z", 3);
        usage(customers.get(1), "2024-06-03T00:00:00Z", 7);

        cluster.configureConnector("fin", config("fin", false, 2));
        cluster.configureConnector("drafts", config("drafts", true, 1));
        ConnectTestClusters.awaitRunning(cluster, "fin", 2);
        ConnectTestClusters.awaitRunning(cluster, "drafts", 1);

        // June open: the drafts connector writes each customer's draft once, and again only when usage changes it
        awaitCount(cluster, "drafts.invoices", 2);
        awaitScanRounds(2);
        assertThat(read(cluster, "drafts.invoices")).as("unchanged drafts are not written again").hasSize(2);
        usage(customers.get(0), "2024-06-10T00:00:00Z", 2);
        List<JsonNode> changed = awaitCount(cluster, "drafts.invoices", 3);
        assertThat(changed.get(2).get("status").asText()).isEqualTo("DRAFT");
        assertThat(changed.get(2).get("total").decimalValue())
                .isEqualByComparingTo(emulatorInvoice(customers.get(0), changed.get(2).get("id").asText())
                        .get("total").decimalValue()).isEqualByComparingTo("0.50000000000000005");

        // first month end: June finalized; late June usage after the close changes nothing
        emulator.setNow(Instant.parse("2024-07-02T00:00:00Z"));
        awaitCount(cluster, "fin.invoices", 2);
        usage(customers.get(0), "2024-06-20T00:00:00Z", 100);
        usage(customers.get(1), "2024-07-01T06:00:00Z", 4);

        // the fin connector stopped between the month ends: July closes while it is down, then it resumes
        awaitScanRounds(2);
        ConnectTestClusters.stopAndAwaitTasksGone(cluster, "fin");
        emulator.setNow(Instant.parse("2024-08-03T00:00:00Z"));
        usage(customers.get(1), "2024-07-31T12:00:00Z", 50); // late July usage after the second close
        usage(customers.get(0), "2024-08-01T00:00:00Z", 1);
        cluster.resumeConnector("fin");
        ConnectTestClusters.awaitRunning(cluster, "fin", 2);
        awaitCount(cluster, "fin.invoices", 4);
        awaitScanRounds(3);

        List<JsonNode> finalized = read(cluster, "fin.invoices");
        assertThat(finalized).as("each finalized invoice once").hasSize(4)
                .extracting(invoice -> invoice.get("id").asText()).doesNotHaveDuplicates();
        List<JsonNode> lineItems = read(cluster, "fin.invoice_line_items");
        for (JsonNode record : finalized) {
            JsonNode answer = emulatorInvoice(record.get("customer_id").asText(), record.get("id").asText());
            assertThat(record.get("status").asText()).isEqualTo("FINALIZED").isEqualTo(answer.get("status").asText());
            assertSameAmount(record.get("total"), answer.get("total"), "total");
            assertSameAmount(record.get("subtotal"), answer.get("subtotal"), "subtotal");
            assertThat(record.get("start_timestamp").asLong())
                    .isEqualTo(Instant.parse(answer.get("start_timestamp").asText()).toEpochMilli());
            List<JsonNode> lines = lineItems.stream()
                    .filter(line -> line.get("invoice_id").asText().equals(record.get("id").asText())).toList();
            assertThat(lines).as("line items of %s", record.get("id")).hasSize(answer.get("line_items").size())
                    .hasSize(record.get("line_item_count").asInt());
            for (JsonNode line : lines) {
                JsonNode answerLine = answer.get("line_items").get(line.get("line_index").asInt());
                assertSameAmount(line.get("total"), answerLine.get("total"), "line total");
                assertSameAmount(line.get("quantity"), answerLine.get("quantity"), "quantity");
                assertThat(line.get("name").asText()).isEqualTo(answerLine.get("name").asText());
            }
        }
        assertThat(finalized).extracting(invoice -> invoice.get("total").decimalValue().stripTrailingZeros()
                .toPlainString()).containsExactlyInAnyOrder("0.50000000000000005", "0.70000000000000007",
                "0", "0.40000000000000004");
        JsonNode example = finalized.stream().filter(i -> i.get("total").decimalValue().signum() > 0).findFirst()
                .orElseThrow();
        log.info("invoice record as it arrived on fin.invoices: {}", JSON.writeValueAsString(example));
        log.info("the emulator's answer for it: {}", JSON.writeValueAsString(
                emulatorInvoice(example.get("customer_id").asText(), example.get("id").asText())));

        // the drafts connector: every finalized invoice once, and no draft written twice with the same content
        await().atMost(ConnectTestClusters.DEFAULT_TIMEOUT).until(() -> read(cluster, "drafts.invoices").stream()
                .filter(i -> i.get("status").asText().equals("FINALIZED")).count() == 4);
        List<JsonNode> withDrafts = read(cluster, "drafts.invoices");
        Map<String, List<JsonNode>> byId = withDrafts.stream()
                .collect(Collectors.groupingBy(invoice -> invoice.get("id").asText()));
        assertThat(byId).hasSize(6); // June, July and the open August of both customers
        for (List<JsonNode> versions : byId.values()) {
            assertThat(versions.stream().filter(v -> v.get("status").asText().equals("FINALIZED")).count())
                    .isLessThanOrEqualTo(1);
            for (int i = 1; i < versions.size(); i++) {
                assertThat(versions.get(i)).as("written again without a change").isNotEqualTo(versions.get(i - 1));
            }
        }
        assertThat(withDrafts).filteredOn(i -> i.get("status").asText().equals("FINALIZED"))
                .extracting(i -> i.get("id").asText())
                .containsExactlyInAnyOrderElementsOf(finalized.stream().map(i -> i.get("id").asText()).toList());
    }

    @Test
    void anArchivedCustomersVoidedInvoiceArrivesOnceAndTheCustomerCostsNoMoreRequests() throws Exception {
        EmbeddedConnectCluster cluster = CONNECT.cluster();
        new ArrayList<>(cluster.connectors()).forEach(cluster::deleteConnector); // counts this connector's requests
        emulator.setNow(Instant.parse("2024-06-15T12:00:00Z"));
        String metricId = client.execute(createBillableMetric(new CreateBillableMetricRequest("api calls", "COUNT",
                null, new BillableMetric.EventTypeFilter(List.of("api_call"), null), List.of(), List.of(), Map.of()),
                null));
        String leaving = client.execute(createCustomer(CreateCustomerRequest.of("initech", List.of("initech")), null))
                .id();
        String staying = client.execute(createCustomer(CreateCustomerRequest.of("umbrella", List.of("umbrella")),
                null)).id();
        emulator.setExactRates(leaving, Map.of(metricId, RATE));
        emulator.setExactRates(staying, Map.of(metricId, RATE));
        usage(leaving, "2024-06-02T00:00:00Z", 6);
        usage(staying, "2024-06-03T00:00:00Z", 2);

        cluster.configureConnector("voids", config("voids", true, 2));
        try {
            ConnectTestClusters.awaitRunning(cluster, "voids", 2);
            String draftId = awaitCount(cluster, "voids.invoices", 2).stream()
                    .filter(i -> i.get("customer_id").asText().equals(leaving)).findFirst().orElseThrow()
                    .get("id").asText();

            client.execute(archiveCustomer(leaving, null)); // voids June, the open month
            await().atMost(ConnectTestClusters.DEFAULT_TIMEOUT).until(() -> read(cluster, "voids.invoices").stream()
                    .anyMatch(i -> i.get("status").asText().equals("VOID")));
            // one more round for the archived visit that finishes it, then three in which it costs nothing
            awaitInvoiceLists(staying, 2);
            long leavingLists = invoiceLists(leaving);
            awaitInvoiceLists(staying, 3);
            assertThat(invoiceLists(leaving)).as("invoices lists of the finished archived customer")
                    .isEqualTo(leavingLists);

            List<JsonNode> voided = read(cluster, "voids.invoices").stream()
                    .filter(i -> i.get("status").asText().equals("VOID")).toList();
            assertThat(voided).as("the voided invoice, once").singleElement().satisfies(record -> {
                assertThat(record.get("id").asText()).as("same id as its draft: the row is updated")
                        .isEqualTo(draftId);
                assertThat(record.get("customer_id").asText()).isEqualTo(leaving);
                JsonNode answer = emulatorInvoice(leaving, draftId);
                assertThat(answer.get("status").asText()).isEqualTo("VOID");
                assertSameAmount(record.get("total"), answer.get("total"), "total");
                assertSameAmount(record.get("subtotal"), answer.get("subtotal"), "subtotal");
                assertThat(record.get("total").decimalValue()).isEqualByComparingTo("0.60000000000000006");
            });
            assertThat(read(cluster, "voids.invoice_line_items").stream()
                    .filter(line -> line.get("invoice_id").asText().equals(draftId)))
                    .as("the draft's line item, then the void's").hasSize(2);
        } finally {
            cluster.deleteConnector("voids");
        }
    }

    /** Waits for {@code more} invoices lists of the customer beyond those made so far: about as many scan rounds. */
    private void awaitInvoiceLists(String customerId, int more) throws Exception {
        long target = invoiceLists(customerId) + more;
        await().atMost(ConnectTestClusters.DEFAULT_TIMEOUT).until(() -> invoiceLists(customerId) >= target);
    }

    /** How many times the emulator was asked for the customer's invoices list (its recent requests log). */
    private long invoiceLists(String customerId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl()
                        + "/_emulator/requests"))
                .header("Authorization", "Bearer " + emulator.token()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String path = "/v1/customers/" + customerId + "/invoices";
        long count = 0;
        for (JsonNode request : JSON.readTree(response.body()).get("recent")) {
            if (request.get("method").asText().equals("GET") && request.get("path").asText().equals(path)) {
                count++;
            }
        }
        return count;
    }

    private static void assertSameAmount(JsonNode written, JsonNode answer, String what) {
        assertThat(written.decimalValue()).as(what).isEqualByComparingTo(answer.decimalValue());
        assertThat(written.decimalValue().scale()).as(what + " arrives as decimal(38,18)").isEqualTo(18);
    }

    /** Waits for about {@code rounds} more scans: 4 invoices lists each (2 customers, 2 connectors). */
    private void awaitScanRounds(int rounds) {
        long target = emulator.requestCounts().getOrDefault(LIST_INVOICES, 0L) + 4L * rounds;
        await().atMost(ConnectTestClusters.DEFAULT_TIMEOUT)
                .until(() -> emulator.requestCounts().getOrDefault(LIST_INVOICES, 0L) >= target);
    }

    private Map<String, String> config(String prefix, boolean drafts, int tasks) {
        Map<String, String> config = TestConnectorConfigs.source(emulator, "invoices", prefix);
        config.put("tasks.max", String.valueOf(tasks));
        config.put("invoices.include.drafts", String.valueOf(drafts));
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("key.converter.schemas.enable", "false");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("value.converter.decimal.format", "NUMERIC");
        return config;
    }

    private List<JsonNode> awaitCount(EmbeddedConnectCluster cluster, String topic, int count) {
        ConnectTestClusters.readRecords(cluster, topic, count);
        return read(cluster, topic);
    }

    private static List<JsonNode> read(EmbeddedConnectCluster cluster, String topic) {
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : ConnectTestClusters.readAll(cluster, topic)) {
            try {
                values.add(JSON.readTree(record.value()));
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + new String(record.value()), e);
            }
        }
        return values;
    }

    /** GET /v1/customers/{id}/invoices/{invoice_id}: the emulator's answer, as JSON. */
    private JsonNode emulatorInvoice(String customerId, String invoiceId) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl()
                        + "/v1/customers/" + customerId + "/invoices/" + invoiceId))
                .header("Authorization", "Bearer " + emulator.token()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("data");
    }

    private void usage(String customerId, String timestamp, int events) {
        List<UsageEvent> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(new UsageEvent(UUID.randomUUID().toString(), customerId, "api_call", timestamp, Map.of()));
        }
        client.execute(ingest(batch, null));
    }
}
