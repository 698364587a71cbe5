package io.kafkaconnect.metronome.source;

import static io.kafkaconnect.metronome.client.MetronomeRequests.createBillableMetric;
import static io.kafkaconnect.metronome.client.MetronomeRequests.createCustomer;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaconnect.metronome.PluginVersion;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Billable metric records carry the read time as timestamp and the round's metadata headers. */
class BillableMetricsStreamMetadataTest {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();

    @Test
    void recordsCarryTheReadTimeAndTheRoundInTheirHeaders() {
        try (MetronomeClient client = new MetronomeClient(
                MetronomeClientSettings.of(emulator.baseUrl(), emulator.token()))) {
            String customerId = client.execute(createCustomer(CreateCustomerRequest.of("m", List.of("m")), null)).id();
            String metricId = client.execute(createBillableMetric(new CreateBillableMetricRequest("calls", "COUNT",
                    null, new BillableMetric.EventTypeFilter(List.of("call"), null), List.of(), List.of(), Map.of()),
                    null));
            emulator.setRates(customerId, Map.of(metricId, 1.0));
            BillableMetricsStream stream = new BillableMetricsStream(new MetronomeSourceConfig(
                    Map.of("metronome.api.token", "dev-token")), client, new InMemoryOffsets(),
                    new BillableMetricRecords());
            Instant readAt = Instant.parse("2024-05-10T12:00:00Z");

            List<SourceRecord> records = stream.process(List.of(customerId), readAt, "round-3").records().stream()
                    .filter(r -> r.topic().equals("metronome.billable_metrics")).toList();

            assertThat(records).isNotEmpty().allSatisfy(r -> {
                assertThat(r.timestamp()).isEqualTo(readAt.toEpochMilli());
                assertThat(CustomersStreamTest.header(r, RecordMetadata.STREAM)).isEqualTo("billable_metrics");
                assertThat(CustomersStreamTest.header(r, RecordMetadata.SCAN_ID)).isEqualTo("round-3");
                assertThat(CustomersStreamTest.header(r, RecordMetadata.CONNECTOR_VERSION))
                        .isEqualTo(PluginVersion.get());
            });
        }
    }
}
