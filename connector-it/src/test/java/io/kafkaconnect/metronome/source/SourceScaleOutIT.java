package io.kafkaconnect.metronome.source;

import static io.kafkaconnect.metronome.client.MetronomeRequests.createBillableMetric;
import static io.kafkaconnect.metronome.client.MetronomeRequests.ingest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CostBucket;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.ConnectClusterExtension;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import io.kafkaconnect.metronome.testkit.TestConnectorConfigs;
import io.kafkaconnect.metronome.testkit.UtcMidnight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Costs, billable metrics and customers with {@code tasks.max=3} on three exactly-once workers: the costs records
 * equal the emulator's costs for the usage ingested through {@code /v1/ingest}; after a worker is stopped, late
 * usage for a closed day and new usage for today are emitted once each, and nothing else is emitted again.
 */
class SourceScaleOutIT {

    private static final String CONNECTOR = "scale-out-source";
    private static final String COSTS = "metronome.costs";
    private static final String METRICS = "metronome.billable_metrics";
    private static final String CUSTOMERS_TOPIC = "metronome.customers";
    private static final int CUSTOMERS = 30;
    private static final int DAYS = 4; // today - 3 .. today
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> READ_COMMITTED = Map.of("isolation.level", "read_committed");

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");
    @RegisterExtension
    static final ConnectClusterExtension CONNECT = new ConnectClusterExtension(
            ConnectTestClusters.builder().name("scale-out-it").workers(3).exactlyOnceSource());

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final MetronomeClient client = EMULATOR.client();
    private final EmbeddedConnectCluster cluster = CONNECT.cluster();
    private List<String> ids;
    private LocalDate today;

    @BeforeEach
    void seedUsage() {
        ids = emulator.bulkCreateCustomers(CUSTOMERS, "customer ", "alias-");
        String metricId = client.execute(createBillableMetric(new CreateBillableMetricRequest("api calls", "COUNT",
                null, new BillableMetric.EventTypeFilter(List.of("api_call"), null), List.of(), List.of(), Map.of()),
                null));
        UtcMidnight.awaitClearOf(Duration.ofMinutes(3)); // the test counts complete and pending days
        today = LocalDate.now(ZoneOffset.UTC);
        for (int c = 0; c < CUSTOMERS; c++) {
            emulator.setRates(ids.get(c), Map.of(metricId, 1.5));
            for (int d = 0; d < DAYS; d++) {
                usage(ids.get(c), today.minusDays(d), 1 + (c + d) % 3);
            }
        }
    }

    @Test
    void threeTasksCopyCostsExactlyOnceAcrossTheLossOfAWorker() {
        cluster.configureConnector(CONNECTOR, config());
        ConnectTestClusters.awaitRunning(cluster, CONNECTOR, 3);

        List<ConsumerRecord<byte[], byte[]>> costs = readCommitted(COSTS, CUSTOMERS * DAYS);
        assertThat(latestCosts(costs)).isEqualTo(emulatorCosts());
        assertThat(costs).hasSize(CUSTOMERS * DAYS);
        assertThat(readCommitted(METRICS, CUSTOMERS)).hasSize(CUSTOMERS);

        cluster.removeWorker();
        ConnectTestClusters.awaitRunning(cluster, CONNECTOR, 3);
        String late = ids.get(4);
        String current = ids.get(17);
        usage(late, today.minusDays(1), 5);
        usage(current, today, 2);

        List<ConsumerRecord<byte[], byte[]>> after = readCommitted(COSTS, CUSTOMERS * DAYS + 2);
        awaitRounds(2); // anything emitted twice would show up by now
        after = readCommitted(COSTS, CUSTOMERS * DAYS + 2);
        assertThat(after).as("only the two changed buckets were emitted again").hasSize(CUSTOMERS * DAYS + 2);
        assertThat(after.subList(CUSTOMERS * DAYS, after.size()).stream().map(r -> key(r) + " " + pending(r)))
                .containsExactlyInAnyOrder(late + "/" + today.minusDays(1) + " false",
                        current + "/" + today + " true");
        assertThat(latestCosts(after)).isEqualTo(emulatorCosts());
        assertThat(readCommitted(METRICS, CUSTOMERS)).hasSize(CUSTOMERS);
        assertThat(readCommitted(CUSTOMERS_TOPIC, CUSTOMERS)).hasSize(CUSTOMERS);
    }

    private void awaitRounds(int rounds) {
        long start = emulator.requestCounts().getOrDefault("GET /v1/customers/{customer_id}/costs", 0L);
        await().atMost(ConnectTestClusters.DEFAULT_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() ->
                emulator.requestCounts().getOrDefault("GET /v1/customers/{customer_id}/costs", 0L)
                        >= start + (long) rounds * CUSTOMERS);
    }

    private List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int atLeast) {
        return ConnectTestClusters.readUntil(cluster, topic, READ_COMMITTED, r -> r.size() >= atLeast,
                ConnectTestClusters.DEFAULT_TIMEOUT.multipliedBy(2));
    }

    /** customer/day → cost of the last record of each bucket. */
    private static Map<String, String> latestCosts(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, String> costs = new HashMap<>();
        records.forEach(r -> costs.put(key(r), value(r).path("cost").asText()));
        return costs;
    }

    private Map<String, String> emulatorCosts() {
        Map<String, String> costs = new HashMap<>();
        Instant from = today.minusDays(DAYS - 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        for (String id : ids) {
            for (CostBucket bucket : client.listCosts(id, from, to, null, null).data()) {
                bucket.creditTypes().values().forEach(c -> costs.put(
                        id + "/" + LocalDate.ofInstant(bucket.startTimestamp(), ZoneOffset.UTC), c.cost().toPlainString()));
            }
        }
        return costs;
    }

    private static String key(ConsumerRecord<byte[], byte[]> record) {
        JsonNode value = value(record);
        return value.path("customer_id").asText() + "/"
                + LocalDate.ofInstant(Instant.ofEpochMilli(value.path("start_timestamp").asLong()), ZoneOffset.UTC);
    }

    private static boolean pending(ConsumerRecord<byte[], byte[]> record) {
        return value(record).path("pending").asBoolean();
    }

    private static JsonNode value(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value()).path("payload");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void usage(String customerId, LocalDate day, int events) {
        List<UsageEvent> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(new UsageEvent(UUID.randomUUID().toString(), customerId, "api_call",
                    day.atStartOfDay(ZoneOffset.UTC).plusMinutes(i).toInstant().toString(), Map.of()));
        }
        client.execute(ingest(batch, null));
    }

    private Map<String, String> config() {
        Map<String, String> config = TestConnectorConfigs.source(emulator, "customers,costs,billable_metrics",
                "metronome");
        config.put("tasks.max", "3");
        config.put("customers.page.size", "10");
        config.put("costs.start.date", today.minusDays(DAYS - 1).toString());
        config.put("costs.lookback.days", "2");
        config.put("decimal.handling.mode", "string"); // the JSON converter: exact digits as text
        return config;
    }
}
