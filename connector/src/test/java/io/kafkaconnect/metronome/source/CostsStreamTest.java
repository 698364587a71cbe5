package io.kafkaconnect.metronome.source;

import static io.kafkaconnect.metronome.client.MetronomeRequests.createBillableMetric;
import static io.kafkaconnect.metronome.client.MetronomeRequests.createCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import com.sun.net.httpserver.HttpServer;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Watermark, pending day and lookback decisions against the emulator's real costs endpoint. */
class CostsStreamTest {

    private static final String USD_CENTS = "2714e483-4ff1-48e4-9e25-ac732e8f24f2";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final MetronomeClient client = EMULATOR.client();
    private final InMemoryOffsets offsets = new InMemoryOffsets();
    private ApiCallsCustomer customer;
    private String customerId;
    private String otherCustomerId;

    @BeforeEach
    void start() {
        emulator.setNow(Instant.parse("2024-05-10T12:00:00Z"));
        customer = ApiCallsCustomer.create(client, "acme");
        customerId = customer.id();
        emulator.setRates(customerId, Map.of(customer.metricId(), 2.0));
        String uniqueId = client.execute(createBillableMetric(new CreateBillableMetricRequest("users", "UNIQUE", "user",
                new BillableMetric.EventTypeFilter(List.of("login"), null), List.of(), List.of(), Map.of()), null));
        otherCustomerId = client.execute(createCustomer(CreateCustomerRequest.of("unique plan", List.of("u")), null))
                .id();
        emulator.setRates(otherCustomerId, Map.of(uniqueId, 1.0));
    }

    @Test
    void emitsCompleteDaysOncePendingTodayOnChangeAndLateUsageOnlyForTheChangedDay() {
        customer.usage("2024-05-06T10:00:00Z", 3);
        customer.usage("2024-05-09T23:00:00Z", 1);
        customer.usage("2024-05-10T01:00:00Z", 2);
        CostsStream stream = stream();

        List<SourceRecord> first = dataRecords(visit(stream));
        assertThat(first).hasSize(10); // May 1-9 complete, May 10 pending
        assertThat(first).extracting(r -> day(r) + " " + cost(r) + " " + pending(r)).contains(
                "2024-05-01 0.0 false", "2024-05-06 6.0 false", "2024-05-09 2.0 false", "2024-05-10 4.0 true");

        assertThat(dataRecords(visit(stream))).as("nothing changed").isEmpty();

        customer.usage("2024-05-09T05:00:00Z", 1); // late usage within the 2-day lookback
        customer.usage("2024-05-02T05:00:00Z", 1); // too late: outside the lookback, never re-read
        assertThat(dataRecords(visit(stream))).extracting(r -> day(r) + " " + cost(r) + " " + pending(r))
                .containsExactly("2024-05-09 4.0 false");

        customer.usage("2024-05-10T11:00:00Z", 1); // today changes: pending again
        assertThat(dataRecords(visit(stream))).extracting(r -> day(r) + " " + cost(r) + " " + pending(r))
                .containsExactly("2024-05-10 6.0 true");

        emulator.setNow(Instant.parse("2024-05-11T00:30:00Z")); // May 10 closes
        assertThat(dataRecords(visit(stream))).extracting(r -> day(r) + " " + cost(r) + " " + pending(r))
                .containsExactly("2024-05-10 6.0 false", "2024-05-11 0.0 true");
    }

    @Test
    void aRestartedTaskResumesFromTheStoredWatermark() {
        customer.usage("2024-05-08T10:00:00Z", 1);
        visit(stream());

        CostsStream restarted = stream();
        assertThat(dataRecords(visit(restarted))).isEmpty();
        customer.usage("2024-05-08T11:00:00Z", 1);
        assertThat(dataRecords(visit(restarted))).extracting(r -> day(r) + " " + cost(r))
                .containsExactly("2024-05-08 4.0");
    }

    @Test
    void aBucketWithoutCreditTypesIsZeroCosts() throws Exception {
        // the API may leave credit_types out of (or null in) a day without costs: that day has nothing to emit
        String page = "{\"data\":[{\"start_timestamp\":\"2024-05-01T00:00:00Z\","
                + "\"end_timestamp\":\"2024-05-02T00:00:00Z\"},{\"start_timestamp\":\"2024-05-02T00:00:00Z\","
                + "\"end_timestamp\":\"2024-05-03T00:00:00Z\",\"credit_types\":null}],\"next_page\":null}";
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (MetronomeClient raw = new MetronomeClient(MetronomeClientSettings.of(
                "http://127.0.0.1:" + server.getAddress().getPort(), "dev-token"))) {
            Map<String, String> props = Map.of("metronome.api.token", "dev-token", "costs.start.date", "2024-05-01",
                    "costs.lookback.days", "2", "costs.window.days", "4");
            CostsStream stream = new CostsStream(new MetronomeSourceConfig(props), raw, offsets, new CostRecords());

            PerCustomerStream.Staged staged = stream.process(List.of("c1"), emulator.now());

            assertThat(dataRecords(staged.records())).isEmpty();
            assertThat(staged.records()).singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualTo("watermark 2024-05-09"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void skipsACustomerWhoseCostsAreUnsupportedAndKeepsGoing() {
        PerCustomerStream.Staged staged = stream().process(List.of(otherCustomerId, customerId), emulator.now());

        assertThat(staged.records()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.sourcePartition().get("customer_id")).isEqualTo(customerId));
    }

    @Test
    void recordsCarryTheReadTimeAsTimestampAndTheRoundInTheirHeaders() {
        customer.usage("2024-05-09T10:00:00Z", 1);
        PerCustomerStream.Staged staged = stream().process(List.of(customerId), emulator.now(), "round-7");
        assertThat(dataRecords(staged.records())).isNotEmpty().allSatisfy(r -> {
            assertThat(r.timestamp()).isEqualTo(emulator.now().toEpochMilli());
            assertThat(CustomersStreamTest.header(r, RecordMetadata.STREAM)).isEqualTo("costs");
            assertThat(CustomersStreamTest.header(r, RecordMetadata.SCAN_ID)).isEqualTo("round-7");
            assertThat(CustomersStreamTest.header(r, RecordMetadata.CONNECTOR_VERSION))
                    .isEqualTo(io.kafkaconnect.metronome.PluginVersion.get());
        });
    }

    @Test
    void lineItemsComeWithTheirDayAndAgainOnlyWhenTheDayChanges() {
        customer.usage("2024-05-08T10:00:00Z", 1);
        customer.usage("2024-05-10T01:00:00Z", 2);
        CostsStream stream = stream(true);

        PerCustomerStream.Staged first = stream.process(List.of(customerId), emulator.now(), "round-1");
        first.commit().run();
        offsets.commit(first.records());
        assertThat(lineItems(first.records())).extracting(r -> lineItem(r)).hasSize(10)
                .contains("2024-05-01 api calls 0.0 false", "2024-05-08 api calls 2.0 false",
                        "2024-05-10 api calls 4.0 true");
        assertDayThenItsLineItems(first.records(), "round-1");

        assertThat(visit(stream)).as("nothing changed").filteredOn(r -> !r.topic().equals("metronome.progress"))
                .isEmpty();

        customer.usage("2024-05-09T05:00:00Z", 1); // late usage within the lookback
        List<SourceRecord> late = visit(stream);
        assertThat(lineItems(late)).extracting(r -> lineItem(r)).containsExactly("2024-05-09 api calls 2.0 false");
        assertThat(late.stream().map(SourceRecord::topic).filter(t -> !t.equals("metronome.progress")))
                .containsExactly("metronome.costs", "metronome.cost_line_items");

        emulator.setNow(Instant.parse("2024-05-11T00:30:00Z")); // May 10 closes
        assertThat(lineItems(visit(stream))).extracting(r -> lineItem(r))
                .containsExactly("2024-05-10 api calls 4.0 false", "2024-05-11 api calls 0.0 true");
    }

    @Test
    void noLineItemRecordsUnlessEnabled() {
        customer.usage("2024-05-08T10:00:00Z", 1);
        assertThat(visit(stream())).isNotEmpty().noneMatch(r -> r.topic().equals("metronome.cost_line_items"));
    }

    /** Each day's record is directly followed by its line items, with its offset, timestamp and headers. */
    private static void assertDayThenItsLineItems(List<SourceRecord> records, String scanId) {
        SourceRecord day = null;
        int lineItems = 0;
        for (SourceRecord record : records) {
            if (record.topic().equals("metronome.costs")) {
                day = record;
            } else if (record.topic().equals("metronome.cost_line_items")) {
                lineItems++;
                assertThat(day).isNotNull();
                Struct dayKey = (Struct) day.key();
                Struct key = (Struct) record.key();
                assertThat(List.of(key.get("customer_id"), key.get("start_timestamp"), key.get("credit_type_id")))
                        .isEqualTo(List.of(dayKey.get("customer_id"), dayKey.get("start_timestamp"),
                                dayKey.get("credit_type_id")));
                assertThat(record.sourcePartition()).isEqualTo(day.sourcePartition());
                assertThat(record.sourceOffset()).isEqualTo(day.sourceOffset());
                assertThat(record.timestamp()).isEqualTo(day.timestamp());
                assertThat(record.headers()).isEqualTo(day.headers());
                assertThat(CustomersStreamTest.header(record, RecordMetadata.SCAN_ID)).isEqualTo(scanId);
                assertThat(CustomersStreamTest.header(record, RecordMetadata.STREAM)).isEqualTo("costs");
                assertThat(((Struct) record.value()).getBoolean("pending"))
                        .isEqualTo(((Struct) day.value()).getBoolean("pending"));
            }
        }
        assertThat(lineItems).isPositive();
    }

    private static List<SourceRecord> lineItems(List<SourceRecord> records) {
        return records.stream().filter(r -> r.topic().equals("metronome.cost_line_items")).toList();
    }

    private static String lineItem(SourceRecord record) {
        Struct value = (Struct) record.value();
        assertThat(value.getString("credit_type_id")).isEqualTo(USD_CENTS);
        assertThat(value.getString("group_key")).isEmpty();
        return ((Date) value.get("start_timestamp")).toInstant().toString().substring(0, 10) + " "
                + value.getString("name") + " " + ((java.math.BigDecimal) value.get("cost")).doubleValue() + " "
                + value.getBoolean("pending");
    }

    private CostsStream stream() {
        return stream(false);
    }

    private CostsStream stream(boolean lineItems) {
        Map<String, String> props = Map.of("metronome.api.token", "dev-token", "costs.start.date", "2024-05-01",
                "costs.lookback.days", "2", "costs.window.days", "4", "costs.line.items", String.valueOf(lineItems));
        return new CostsStream(new MetronomeSourceConfig(props), client, offsets, new CostRecords());
    }

    private List<SourceRecord> visit(CostsStream stream) {
        return customer.visit(stream, emulator.now(), offsets);
    }

    private static List<SourceRecord> dataRecords(List<SourceRecord> records) {
        return records.stream().filter(r -> r.topic().equals("metronome.costs")).toList();
    }

    private static String day(SourceRecord record) {
        Struct value = (Struct) record.value();
        assertThat(value.getString("credit_type_id")).isEqualTo(USD_CENTS);
        return ((Date) value.get("start_timestamp")).toInstant().toString().substring(0, 10);
    }

    private static double cost(SourceRecord record) {
        return ((java.math.BigDecimal) ((Struct) record.value()).get("cost")).doubleValue();
    }

    private static boolean pending(SourceRecord record) {
        return ((Struct) record.value()).getBoolean("pending");
    }
}
