package io.kafkaconnect.metronome.usage;

import static io.kafkaconnect.metronome.client.MetronomeRequests.createBillableMetric;
import static io.kafkaconnect.metronome.client.MetronomeRequests.createCustomer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.client.Backoff;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CostBucket;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.metrics.UsageSinkTaskMetrics;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import io.kafkaconnect.metronome.testkit.FakeSinkTaskContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A decimal property of 30 significant digits (a double keeps 17) reaches Metronome with every digit, from each
 * value shape the sink reads: its SUM at a rate of 1 is the day's cost, which the emulator computes exactly.
 */
class UsagePropertiesExactTest {

    private static final String TOKENS = "123456789012345678901.234567891";
    private static final TopicPartition P0 = new TopicPartition("usage", 0);

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final MetronomeClient client = EMULATOR.client();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private UsagePipeline pipeline;
    private final UsageSinkTaskMetrics metrics = new UsageSinkTaskMetrics("usage-properties-exact-test", 0,
            client.stats(), () -> pipeline.requestsInFlight(), () -> pipeline.pendingEvents());

    @AfterEach
    void close() {
        metrics.close();
        scheduler.shutdownNow();
    }

    @Test
    void aThirtyDigitDecimalPropertyReachesTheEmulatorExactly() {
        assertThat(new BigDecimal(TOKENS).precision()).isEqualTo(30);
        emulator.setNow(Instant.parse("2024-05-10T12:00:00Z"));
        String metric = client.execute(createBillableMetric(new CreateBillableMetricRequest("tokens", "SUM", "tokens",
                new BillableMetric.EventTypeFilter(List.of("tokens"), null), List.of(), List.of(), Map.of()), null));
        List<String> shapes = List.of("json", "map", "struct");
        Map<String, String> customers = new java.util.LinkedHashMap<>();
        for (String shape : shapes) {
            String id = client.execute(createCustomer(CreateCustomerRequest.of(shape, List.of(shape)), null)).id();
            emulator.setExactRates(id, Map.of(metric, BigDecimal.ONE));
            customers.put(shape, id);
        }
        String event = "\"event_type\":\"tokens\",\"timestamp\":\"2024-05-09T10:00:00Z\"";
        Schema properties = SchemaBuilder.struct().field("tokens", Decimal.schema(9)).build();
        Schema value = SchemaBuilder.struct().field("transaction_id", Schema.STRING_SCHEMA)
                .field("customer_id", Schema.STRING_SCHEMA).field("event_type", Schema.STRING_SCHEMA)
                .field("timestamp", Schema.STRING_SCHEMA).field("properties", properties).build();
        List<SinkRecord> records = List.of(
                new SinkRecord("usage", 0, null, null, Schema.STRING_SCHEMA, "{\"transaction_id\":\"json\","
                        + "\"customer_id\":\"json\"," + event + ",\"properties\":{\"tokens\":" + TOKENS + "}}", 0),
                new SinkRecord("usage", 0, null, null, null, Map.of("transaction_id", "map", "customer_id", "map",
                        "event_type", "tokens", "timestamp", "2024-05-09T10:00:00Z",
                        "properties", Map.of("tokens", new BigDecimal(TOKENS))), 1),
                new SinkRecord("usage", 0, null, null, value, new Struct(value).put("transaction_id", "struct")
                        .put("customer_id", "struct").put("event_type", "tokens")
                        .put("timestamp", "2024-05-09T10:00:00Z")
                        .put("properties", new Struct(properties).put("tokens", new BigDecimal(TOKENS))), 2));

        pipeline = new UsagePipeline(new FakeSinkTaskContext(Map.of(), Set.of(P0)),
                new UsageEventParser(UsageFieldMapping.DEFAULT), null,
                outcomes -> new IngestSender(client, scheduler, new Backoff(Duration.ofMillis(5), Duration.ofMillis(50)),
                        outcomes, () -> true),
                metrics, 100, 4, 10_000);
        pipeline.put(records);
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.commit(Map.of(P0, new OffsetAndMetadata(3)))
                .get(P0).offset() == 3);

        for (String shape : shapes) {
            List<CostBucket> days = client.listCosts(customers.get(shape), Instant.parse("2024-05-09T00:00:00Z"),
                    Instant.parse("2024-05-10T00:00:00Z"), null, null).data();
            assertThat(days).as(shape).hasSize(1);
            assertThat(days.get(0).creditTypes().values()).as(shape).singleElement()
                    .satisfies(cost -> assertThat(cost.cost().toPlainString()).isEqualTo(TOKENS));
        }
    }
}
