package io.kafkaconnect.metronome.usage;

import static io.kafkaconnect.metronome.client.MetronomeRequests.createBillableMetric;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CostBucket;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.Page;
import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.emulator.state.UsageCounts;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.TestConnectorConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * What the usage sink ITs share: an emulator with two billable metrics ({@code api_call} events counted,
 * {@code tokens} events summed over their {@code tokens} property) priced so that a customer's cost tells its
 * events exactly, a Connect cluster, and readers of costs and of the connector's offsets.
 */
final class UsageTestRig implements AutoCloseable {

    static final Duration LONG_WAIT = Duration.ofMinutes(3);
    /** Cents per api_call event: a customer's api_call cost is its count of them. */
    static final BigDecimal PER_CALL = BigDecimal.ONE;
    /** Cents per token. */
    static final BigDecimal PER_TOKEN = new BigDecimal("0.001");

    final MetronomeEmulator emulator;
    final EmbeddedConnectCluster cluster;
    final MetronomeClient client;
    private final String apiCalls;
    private final String tokens;
    private final HttpClient http = HttpClient.newHttpClient();

    UsageTestRig(MetronomeEmulator emulator, EmbeddedConnectCluster cluster) {
        this.emulator = emulator;
        this.cluster = cluster;
        this.client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), emulator.token()));
        apiCalls = client.execute(createBillableMetric(new CreateBillableMetricRequest("api calls", "COUNT", null,
                new BillableMetric.EventTypeFilter(List.of("api_call"), null), List.of(), List.of(), Map.of()), null));
        tokens = client.execute(createBillableMetric(new CreateBillableMetricRequest("tokens", "SUM", "tokens",
                new BillableMetric.EventTypeFilter(List.of("tokens"), null), List.of(), List.of(), Map.of()), null));
    }

    /** Customers {@code aliasPrefix + i} with the rig's prices; returns their ids. */
    List<String> customers(int count, String aliasPrefix) {
        List<String> ids = emulator.bulkCreateCustomers(count, "Customer " + aliasPrefix, aliasPrefix);
        ids.forEach(id -> emulator.setExactRates(id, Map.of(apiCalls, PER_CALL, tokens, PER_TOKEN)));
        return ids;
    }

    /** A time of the event that the emulator's costs of today (and its ingest window) cover. */
    String eventTime() {
        return emulator.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** The customer's costs from yesterday to tomorrow, in cents. */
    BigDecimal cost(String customerId) {
        Instant today = emulator.now().truncatedTo(ChronoUnit.DAYS);
        Page<CostBucket> page = client.listCosts(customerId, today.minus(1, ChronoUnit.DAYS),
                today.plus(2, ChronoUnit.DAYS), null, null);
        return page.data().stream().flatMap(b -> b.creditTypes().values().stream()).map(c -> c.cost())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static BigDecimal expected(long calls, BigDecimal tokenSum) {
        return PER_CALL.multiply(BigDecimal.valueOf(calls)).add(PER_TOKEN.multiply(tokenSum));
    }

    /** Waits until each customer's cost is the expected one (compared by value: 1.50 equals 1.5). */
    void awaitCosts(Map<String, BigDecimal> expected) {
        await().atMost(LONG_WAIT).untilAsserted(() -> expected.forEach((id, cost) ->
                org.assertj.core.api.Assertions.assertThat(cost(id)).as(id).isEqualByComparingTo(cost)));
    }

    /** What the emulator's ingest holds, read as a user would: {@code GET /_emulator/usage}. */
    UsageCounts usage() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/_emulator/usage"))
                .header("Authorization", "Bearer " + emulator.token()).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /_emulator/usage answered " + response.statusCode() + ": "
                        + response.body());
            }
            JsonNode body = MetronomeJson.MAPPER.readTree(response.body());
            Map<String, Long> customers = new HashMap<>();
            body.get("customers").fields().forEachRemaining(e -> customers.put(e.getKey(), e.getValue().asLong()));
            return new UsageCounts(body.get("total").asLong(), body.get("duplicates_ignored").asLong(),
                    body.get("unmatched").asLong(), customers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asserts what ingest holds since {@code before}: exactly {@code perCustomer} events of each of these (new)
     * customers, as many more in total, none unmatched, and at least {@code minDuplicates} more ignored as
     * duplicates.
     */
    void assertIngested(UsageCounts before, Map<String, Long> perCustomer, long minDuplicates) {
        UsageCounts now = usage();
        long events = perCustomer.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> held = new HashMap<>();
        perCustomer.keySet().forEach(id -> held.put(id, now.customers().getOrDefault(id, 0L)));
        org.assertj.core.api.Assertions.assertThat(held).as("events per customer").isEqualTo(perCustomer);
        org.assertj.core.api.Assertions.assertThat(now.total() - before.total()).as("events in total").isEqualTo(events);
        org.assertj.core.api.Assertions.assertThat(now.unmatched() - before.unmatched()).as("unmatched").isZero();
        org.assertj.core.api.Assertions.assertThat(now.duplicatesIgnored() - before.duplicatesIgnored())
                .as("duplicates ignored").isGreaterThanOrEqualTo(minDuplicates);
    }

    /** A usage sink of {@code topic} (JSON text) with a dead-letter queue. */
    Map<String, String> connectorConfig(String topic, String dlq) {
        return TestConnectorConfigs.withDeadLetterQueue(TestConnectorConfigs.usageSink(emulator, topic), dlq);
    }

    /** The sum of the offsets the connector committed, over its partitions. */
    long committedRecords(String connector) {
        return cluster.connectorOffsets(connector).offsets().stream().map(ConnectorOffset::offset)
                .mapToLong(o -> ((Number) o.get("kafka_offset")).longValue()).sum();
    }

    void awaitCommitted(String connector, long records) {
        await().atMost(LONG_WAIT).until(() -> committedRecords(connector) == records);
    }

    /** Stops the connector, deletes its offsets through the REST API (KIP-875) and resumes it. */
    void resetOffsetsAndResume(String connector) throws InterruptedException {
        ConnectTestClusters.stopAndAwaitTasksGone(cluster, connector);
        cluster.resetConnectorOffsets(connector);
        await().atMost(LONG_WAIT).until(() -> cluster.connectorOffsets(connector).offsets().isEmpty());
        cluster.resumeConnector(connector);
    }

    @Override
    public void close() {
        client.close();
    }
}
