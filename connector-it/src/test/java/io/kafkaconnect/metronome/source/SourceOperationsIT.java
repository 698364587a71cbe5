package io.kafkaconnect.metronome.source;

import static io.kafkaconnect.metronome.client.MetronomeRequests.archiveCustomer;
import static io.kafkaconnect.metronome.client.MetronomeRequests.createBillableMetric;
import static io.kafkaconnect.metronome.client.MetronomeRequests.ingest;
import static io.kafkaconnect.metronome.client.MetronomeRequests.updateConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.MetronomeJson;
import io.kafkaconnect.metronome.client.model.BillableMetric;
import io.kafkaconnect.metronome.client.model.CreateBillableMetricRequest;
import io.kafkaconnect.metronome.client.model.UpdateConfigRequest;
import io.kafkaconnect.metronome.client.model.UsageEvent;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.AvroConnectCluster;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.TestConnectorConfigs;
import io.kafkaconnect.metronome.testkit.UtcMidnight;
import io.kafkaconnect.metronome.testkit.RegistryAvroDecoder;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What an operator does with the source connector, through the real Connect REST API of one worker (Avro through
 * a real Apicurio registry): the billable_metrics stream and its change detection, offsets reset and altered
 * while stopped (KIP-875), config validation, a Metronome outage, a revoked token, and tombstones for archived
 * customers. Each test runs its own emulator and connector, with its own topic prefix.
 */
class SourceOperationsIT {

    private static final String PLUGIN = MetronomeSourceConnector.class.getSimpleName();
    private static final String LIST_CUSTOMERS = "GET /v1/customers";
    private static final String LIST_METRICS = "GET /v1/customers/{customer_id}/billable-metrics";
    private static final String LIST_COSTS = "GET /v1/customers/{customer_id}/costs";
    private static final Map<String, String> CUSTOMERS_SCAN = Map.of("stream", "customers");

    @RegisterExtension
    static final AvroConnectCluster AVRO = new AvroConnectCluster("source-operations-it");

    private final RegistryAvroDecoder decoder = AVRO.decoder();
    private final EmbeddedConnectCluster cluster = AVRO.cluster();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<MetronomeEmulator> emulators = new ArrayList<>();
    private final List<MetronomeClient> clients = new ArrayList<>();
    private final List<String> connectors = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (String connector : connectors) {
            cluster.deleteConnector(connector);
            cluster.assertions().assertConnectorDoesNotExist(connector, "connector " + connector + " still exists");
        }
        connectors.clear();
        clients.forEach(MetronomeClient::close);
        clients.clear();
        emulators.forEach(MetronomeEmulator::close);
        emulators.clear();
    }

    @Test
    void billableMetricsMatchTheEmulatorAndOnlyChangedMetricsAreEmittedAgain() throws Exception {
        MetronomeEmulator emulator = emulator("dev-token", 0);
        MetronomeClient client = client(emulator);
        List<String> customers = emulator.bulkCreateCustomers(4, "customer ", "alias-");
        emulator.addCustomFieldKey("billable_metric", "team", false); // Metronome refuses unregistered keys
        String apiCalls = client.execute(createBillableMetric(new CreateBillableMetricRequest("api calls", "COUNT",
                null, new BillableMetric.EventTypeFilter(List.of("api_call"), List.of("health_check")), List.of(),
                List.of(), Map.of("team", "platform")), null));
        client.execute(createBillableMetric(new CreateBillableMetricRequest("gigabytes stored", "SUM", "gb",
                new BillableMetric.EventTypeFilter(List.of("storage"), null),
                List.of(new BillableMetric.PropertyFilter("region", true, List.of("eu", "us"), null),
                        new BillableMetric.PropertyFilter("tier", null, null, List.of("free"))),
                List.of(List.of("region"), List.of("region", "tier")), Map.of()), null));
        String topic = "metrics.billable_metrics";

        create("metrics-source", config(emulator, "metrics", "billable_metrics"));
        ConnectTestClusters.awaitRunning(cluster, "metrics-source", 1);
        List<ConsumerRecord<byte[], byte[]>> first = ConnectTestClusters.readRecords(cluster, topic, 8);
        assertThat(latestMetrics(first)).isEqualTo(emulatorMetrics(client, customers));
        // the deprecated fields arrive, consistent with the modern ones
        assertThat(latestMetrics(first).values()).filteredOn(m -> m.get("name").equals("gigabytes stored"))
                .hasSize(customers.size()).allSatisfy(m -> {
                    assertThat(m).containsEntry("aggregate", "SUM").containsEntry("aggregate_keys", List.of("gb"))
                            .containsEntry("group_by", List.of("region", "tier"));
                    assertThat(m.get("filter")).asString()
                            .startsWith("{\"event_type_filter\":{\"in_values\":[\"storage\"]}")
                            .contains("\"property_filters\":[{\"exists\":true,\"in_values\":[\"eu\",\"us\"],"
                                    + "\"name\":\"region\"}");
                });
        assertThat(latestMetrics(first).values()).filteredOn(m -> m.get("name").equals("api calls"))
                .allSatisfy(m -> assertThat(m).containsEntry("aggregate", "COUNT")
                        .containsEntry("aggregate_keys", List.of()).containsEntry("group_by", List.of()));
        decoder.assertReaderCompatible(RegistryAvroDecoder.schemaId(first.get(0).key()), "billable_metric_key");
        decoder.assertReaderCompatible(RegistryAvroDecoder.schemaId(first.get(0).value()), "billable_metric");

        awaitRequests(emulator, LIST_METRICS, 2 * customers.size());
        assertThat(ConnectTestClusters.readAll(cluster, topic)).as("a pass with nothing changed emits nothing")
                .hasSize(8);

        post(emulator, "/v1/billable-metrics/archive", "{\"id\":\"" + apiCalls + "\"}");
        String pages = client.execute(createBillableMetric(new CreateBillableMetricRequest("pages printed", "MAX",
                "pages", null, List.of(), List.of(), Map.of()), null));
        ConnectTestClusters.readRecords(cluster, topic, 16);
        awaitRequests(emulator, LIST_METRICS, 2 * customers.size());
        List<ConsumerRecord<byte[], byte[]>> all = ConnectTestClusters.readAll(cluster, topic);
        assertThat(all).hasSize(16);
        List<Map<String, Object>> changed = all.subList(8, 16).stream().map(r -> plainRecord(r.value())).toList();
        assertThat(changed).extracting(m -> m.get("customer_id") + "/" + m.get("id"))
                .containsExactlyInAnyOrderElementsOf(customers.stream()
                        .flatMap(c -> List.of(c + "/" + apiCalls, c + "/" + pages).stream()).toList());
        assertThat(changed).filteredOn(m -> m.get("id").equals(apiCalls))
                .allSatisfy(m -> assertThat(m.get("archived_at")).isNotNull());
        assertThat(latestMetrics(all)).isEqualTo(emulatorMetrics(client, customers));
    }

    @Test
    void customerFiltersRestrictEveryStreamToTheListedCustomersInQueriesOf100() throws Exception {
        MetronomeEmulator emulator = emulator("dev-token", 0);
        MetronomeClient client = client(emulator);
        List<String> customers = emulator.bulkCreateCustomers(110, "customer ", null);
        client.execute(createBillableMetric(new CreateBillableMetricRequest("api calls", "COUNT", null, null, List.of(),
                List.of(), Map.of()), null));
        client.execute(updateConfig(customers.get(105), new UpdateConfigRequest(null, "001A000001"), null));
        // customer 0 is listed twice
        client.execute(updateConfig(customers.get(0), new UpdateConfigRequest(null, "001A000002"), null));
        client.execute(archiveCustomer(customers.get(3), null));
        List<String> byId = customers.subList(0, 101); // two customer_ids queries: 100 ids, then 1
        Set<String> selected = new HashSet<>(byId);
        selected.add(customers.get(105));
        Set<String> activeSelected = new HashSet<>(selected);
        activeSelected.remove(customers.get(3));

        String name = "filtered-source";
        Map<String, String> config = config(emulator, "filtered", "customers,billable_metrics");
        config.put("customers.ids", String.join(",", byId));
        config.put("customers.salesforce.account.ids", "001A000001,001A000002");
        create(name, config);
        ConnectTestClusters.awaitRunning(cluster, name, 1);
        ConnectTestClusters.readRecords(cluster, "filtered.customers", selected.size());
        ConnectTestClusters.readRecords(cluster, "filtered.billable_metrics", activeSelected.size());
        awaitScans(name, 2);
        awaitRequests(emulator, LIST_METRICS, 2 * activeSelected.size());

        List<ConsumerRecord<byte[], byte[]>> customerRecords = ConnectTestClusters.readAll(cluster, "filtered.customers");
        assertThat(customerRecords).extracting(r -> plainRecord(r.key()).get("id").toString())
                .as("each selected customer once, archived included; no other").hasSize(selected.size())
                .containsExactlyInAnyOrderElementsOf(selected);
        assertThat(ConnectTestClusters.readAll(cluster, "filtered.billable_metrics"))
                .extracting(r -> plainRecord(r.key()).get("customer_id").toString())
                .as("the per-customer streams read the selected active customers").hasSize(activeSelected.size())
                .containsExactlyInAnyOrderElementsOf(activeSelected);

        List<Map<String, String>> queries = listCustomersQueries(emulator).stream()
                .filter(q -> !q.equals(Map.of("limit", "1"))) // the config validation's access check
                .toList();
        assertThat(queries).isNotEmpty().allSatisfy(q -> {
            String values = q.containsKey("customer_ids") ? q.get("customer_ids") : q.get("salesforce_account_ids");
            assertThat(values).as("every list call filters: %s", q).isNotNull();
            assertThat(values.split(",")).as("values in one call").hasSizeBetween(1, 100);
        });
        assertThat(queries).extracting(q -> q.get("customer_ids")).filteredOn(Objects::nonNull)
                .contains(String.join(",", byId.subList(0, 100)), byId.get(100));
        assertThat(queries).extracting(q -> q.get("salesforce_account_ids")).contains("001A000001,001A000002");
    }

    /** The decoded query parameters of each GET /v1/customers the emulator served lately. */
    private List<Map<String, String>> listCustomersQueries(MetronomeEmulator emulator) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(emulator.baseUrl() + "/_emulator/requests"))
                .header("Authorization", "Bearer " + emulator.token()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        List<Map<String, String>> queries = new ArrayList<>();
        for (JsonNode request : MetronomeJson.MAPPER.readTree(response.body()).get("recent")) {
            if (!request.get("method").asText().equals("GET") || !request.get("path").asText().equals("/v1/customers")) {
                continue;
            }
            Map<String, String> params = new HashMap<>();
            String query = request.path("query").asText("");
            for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            queries.add(params);
        }
        return queries;
    }

    /** (customer id, metric id) → the value of the last record of each metric, as plain Java values. */
    private Map<String, Map<String, Object>> latestMetrics(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, Map<String, Object>> latest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Map<String, Object> key = plainRecord(record.key());
            Map<String, Object> value = plainRecord(record.value());
            assertThat(value).containsEntry("customer_id", key.get("customer_id"))
                    .containsEntry("id", key.get("billable_metric_id"));
            latest.put(key.get("customer_id") + "/" + key.get("billable_metric_id"), value);
        }
        return latest;
    }

    /** What the emulator lists for each customer (archived included), shaped as the billable_metric schema. */
    private static Map<String, Map<String, Object>> emulatorMetrics(MetronomeClient client, List<String> customers) {
        Map<String, Map<String, Object>> expected = new HashMap<>();
        for (String customer : customers) {
            for (BillableMetric metric : client.listBillableMetrics(customer, true, null, 100, null).data()) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("customer_id", customer);
                value.put("id", metric.id());
                value.put("name", metric.name());
                value.put("aggregation_type", metric.aggregationType());
                value.put("aggregation_key", metric.aggregationKey());
                BillableMetric.EventTypeFilter filter = metric.eventTypeFilter();
                value.put("event_type_filter", filter == null ? null
                        : nullable("in_values", filter.inValues(), "not_in_values", filter.notInValues()));
                value.put("property_filters", metric.propertyFilters() == null ? List.of()
                        : metric.propertyFilters().stream().map(p -> {
                            Map<String, Object> m = nullable("in_values", p.inValues(), "not_in_values",
                                    p.notInValues());
                            m.put("name", p.name());
                            m.put("exists", p.exists());
                            return m;
                        }).toList());
                value.put("group_keys", metric.groupKeys() == null ? List.of() : metric.groupKeys());
                value.put("group_key_sets", metric.groupKeys() == null ? List.of()
                        : metric.groupKeys().stream().map(keys -> Map.of("keys", keys)).toList());
                value.put("custom_fields", metric.customFields() == null ? Map.of() : metric.customFields());
                value.put("archived_at", metric.archivedAt() == null ? null : metric.archivedAt().toEpochMilli());
                value.put("sql", metric.sql());
                value.put("aggregate", metric.aggregate());
                value.put("aggregate_keys", metric.aggregateKeys());
                value.put("filter", metric.filter() == null ? null : MetronomeJson.canonicalText(metric.filter()));
                value.put("group_by", metric.groupBy());
                expected.put(customer + "/" + metric.id(), value);
            }
        }
        assertThat(expected).as("the emulator lists metrics").isNotEmpty();
        return expected;
    }

    private static Map<String, Object> nullable(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> map = new HashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    @Test
    void offsetsResetOrAlteredWhileStoppedAreBackfilledExactly() throws Exception {
        MetronomeEmulator emulator = emulator("dev-token", 0);
        MetronomeClient client = client(emulator);
        List<String> customers = emulator.bulkCreateCustomers(5, "customer ", "alias-");
        String metric = client.execute(createBillableMetric(new CreateBillableMetricRequest("api calls", "COUNT", null,
                new BillableMetric.EventTypeFilter(List.of("api_call"), null), List.of(), List.of(), Map.of()), null));
        UtcMidnight.awaitClearOf(Duration.ofMinutes(3)); // the test counts complete and pending days
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int c = 0; c < customers.size(); c++) {
            emulator.setRates(customers.get(c), Map.of(metric, 2.0));
            for (int d = 0; d < 3; d++) {
                usage(client, customers.get(c), today.minusDays(d), 1 + (c + d) % 3);
            }
        }
        String name = "ops-source";
        String customersTopic = "ops.customers";
        String costsTopic = "ops.costs";
        Map<String, String> config = config(emulator, "ops", "customers,costs");
        config.put("costs.start.date", today.minusDays(2).toString());
        config.put("costs.lookback.days", "1");
        create(name, config);
        ConnectTestClusters.awaitRunning(cluster, name, 1);
        List<ConsumerRecord<byte[], byte[]>> firstCustomers = ConnectTestClusters.readRecords(cluster, customersTopic, 5);
        List<ConsumerRecord<byte[], byte[]>> firstCosts = ConnectTestClusters.readRecords(cluster, costsTopic, 15);
        awaitQuiet(emulator, name, customers.size());
        assertThat(ConnectTestClusters.readAll(cluster, customersTopic)).hasSize(5);
        assertThat(ConnectTestClusters.readAll(cluster, costsTopic)).hasSize(15);
        assertThat(firstCustomers).extracting(r -> plainRecord(r.key()).get("id"))
                .containsExactlyInAnyOrderElementsOf(customers);

        // DELETE /connectors/{name}/offsets: every stream starts over and emits everything once more
        stopAndAwait(name);
        assertThat(cluster.connectorOffsets(name).offsets()).extracting(ConnectorOffset::partition)
                .contains(CUSTOMERS_SCAN, Map.of("stream", "costs", "customer_id", customers.get(0)),
                        Map.of("stream", "customers", "customer_id", customers.get(0)));
        cluster.resetConnectorOffsets(name);
        // The reset writes tombstones; the worker drops the partitions once it has read them back, so wait for it.
        await("the offsets to be gone after the reset").atMost(ConnectTestClusters.DEFAULT_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(cluster.connectorOffsets(name).offsets()).isEmpty());
        resumeAndAwait(name);
        ConnectTestClusters.readRecords(cluster, customersTopic, 10);
        ConnectTestClusters.readRecords(cluster, costsTopic, 30);
        awaitQuiet(emulator, name, customers.size());
        List<ConsumerRecord<byte[], byte[]>> allCustomers = ConnectTestClusters.readAll(cluster, customersTopic);
        List<ConsumerRecord<byte[], byte[]>> allCosts = ConnectTestClusters.readAll(cluster, costsTopic);
        assertThat(allCustomers).hasSize(10);
        assertThat(allCosts).hasSize(30);
        assertThat(values(allCustomers.subList(5, 10))).containsExactlyInAnyOrderElementsOf(values(firstCustomers));
        assertThat(values(allCosts.subList(15, 30))).containsExactlyInAnyOrderElementsOf(values(firstCosts));

        // PATCH one customer's costs partition to null: only that customer's costs come again
        stopAndAwait(name);
        String reset = customers.get(2);
        // The fields in the order the connector writes them (Map.of's order varies between JVMs): Connect keys
        // offsets by the partition's JSON text.
        Map<String, String> resetCosts = SourceOffsets.costs(reset);
        cluster.alterConnectorOffsets(name, new ConnectorOffsets(List.of(new ConnectorOffset(resetCosts, null))));
        // as after the reset: the worker lists the partition until it has read its own tombstone back
        await("the reset costs partition to be gone").atMost(ConnectTestClusters.DEFAULT_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(cluster.connectorOffsets(name).offsets())
                        .extracting(ConnectorOffset::partition).doesNotContain(resetCosts).contains(CUSTOMERS_SCAN));
        resumeAndAwait(name);
        ConnectTestClusters.readRecords(cluster, costsTopic, 33);
        awaitQuiet(emulator, name, customers.size());
        allCosts = ConnectTestClusters.readAll(cluster, costsTopic);
        assertThat(ConnectTestClusters.readAll(cluster, customersTopic)).hasSize(10);
        assertThat(allCosts).hasSize(33);
        assertThat(values(allCosts.subList(30, 33))).containsExactlyInAnyOrderElementsOf(
                values(firstCosts).stream().filter(v -> v.get("customer_id").equals(reset)).toList());

        // offsets of a shape the connector never writes are refused, naming the problem, and change nothing
        stopAndAwait(name);
        Map<Map<String, ?>, Map<String, ?>> before = cluster.connectorOffsets(name).toMap();
        assertPatchRefused(name, "{\"offsets\":[{\"partition\":{\"stream\":\"contracts\"},\"offset\":null}]}",
                "unknown stream 'contracts'");
        assertPatchRefused(name, "{\"offsets\":[{\"partition\":{\"stream\":\"invoices\",\"customer_id\":\"" + reset
                + "\"},\"offset\":{\"watermark\":\"2024-07-01\",\"emitted\":\"\"}}]}",
                "'watermark' must be an RFC 3339");
        assertPatchRefused(name, "{\"offsets\":[{\"partition\":{\"stream\":\"costs\",\"customer_id\":\"" + reset
                + "\"},\"offset\":{\"watermark\":\"last tuesday\",\"hashes\":\"\"}}]}", "'watermark' must be a date");
        assertPatchRefused(name, "{\"offsets\":[{\"partition\":{\"stream\":\"customers\"},"
                + "\"offset\":{\"phase\":\"halfway\"}}]}", "'phase' must be active, archived or done");
        assertThat(cluster.connectorOffsets(name).toMap()).isEqualTo(before);

        // PATCH the customers scan cursor to null: a snapshot scan emits every customer, costs emit nothing
        cluster.alterConnectorOffsets(name, new ConnectorOffsets(List.of(new ConnectorOffset(CUSTOMERS_SCAN, null))));
        resumeAndAwait(name);
        ConnectTestClusters.readRecords(cluster, customersTopic, 15);
        awaitQuiet(emulator, name, customers.size());
        allCustomers = ConnectTestClusters.readAll(cluster, customersTopic);
        assertThat(allCustomers).hasSize(15);
        assertThat(values(allCustomers.subList(10, 15))).containsExactlyInAnyOrderElementsOf(values(firstCustomers));
        assertThat(ConnectTestClusters.readAll(cluster, costsTopic)).hasSize(33);
    }

    private void assertPatchRefused(String connector, String body, String reason) {
        Response response = cluster.requestPatch(cluster.endpointForResource("connectors/" + connector + "/offsets"),
                body);
        // Connect answers 500 to whatever a connector's alterOffsets throws (as for MirrorMaker's and the file
        // connectors); the message is the connector's own
        assertThat(response.getStatus()).as("PATCH %s answered %s", body, response.getEntity()).isEqualTo(500);
        assertThat(String.valueOf(response.getEntity())).contains("cannot alter offsets", reason);
    }

    private void stopAndAwait(String connector) throws InterruptedException {
        ConnectTestClusters.stopAndAwaitTasksGone(cluster, connector);
    }

    private void resumeAndAwait(String connector) {
        cluster.resumeConnector(connector);
        ConnectTestClusters.awaitRunning(cluster, connector, 1);
    }

    /**
     * Waits for two more rounds of the costs stream and two more complete customers scans: whatever the connector
     * would still emit has reached Kafka by then.
     */
    private void awaitQuiet(MetronomeEmulator emulator, String connector, int customers) {
        awaitScans(connector, 2);
        awaitRequests(emulator, LIST_COSTS, 2 * customers);
    }

    /** Waits until the customers stream completed {@code scans} more scans (per its stored cursor). */
    private void awaitScans(String connector, int scans) {
        long since = System.currentTimeMillis();
        for (int scan = 0; scan < scans; scan++) {
            long after = since;
            since = await("a customers scan completed after " + after).atMost(ConnectTestClusters.DEFAULT_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> scanCompletedAt(connector), completed -> completed > after);
        }
    }

    private long scanCompletedAt(String connector) {
        return cluster.connectorOffsets(connector).offsets().stream()
                .filter(o -> o.partition().equals(CUSTOMERS_SCAN))
                .map(o -> o.offset().get("completed_at"))
                .filter(Number.class::isInstance)
                .mapToLong(v -> ((Number) v).longValue())
                .findFirst()
                .orElse(0L);
    }

    private List<Map<String, Object>> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> plainRecord(r.value())).toList();
    }

    private static void usage(MetronomeClient client, String customerId, LocalDate day, int events) {
        List<UsageEvent> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(new UsageEvent(UUID.randomUUID().toString(), customerId, "api_call",
                    day.atStartOfDay(ZoneOffset.UTC).plusMinutes(i).toInstant().toString(), Map.of()));
        }
        client.execute(ingest(batch, null));
    }

    @Test
    void validationThroughRestNamesTheFieldAtFault() throws IOException {
        MetronomeEmulator emulator = emulator("validate-token", 0);
        Map<String, String> good = config(emulator, "validate", "customers,costs,billable_metrics");
        good.put("name", "validate-source");
        assertThat(validationErrors(good)).isEmpty();

        Map<String, String> wrongToken = with(good, "metronome.api.token", "not-the-token-4711");
        ConfigInfos refused = cluster.validateConnectorConfig(PLUGIN, wrongToken);
        assertThat(errors(refused)).containsOnlyKeys("metronome.api.token");
        assertThat(errors(refused).get("metronome.api.token")).singleElement().asString()
                .contains("Metronome rejected the token", "401");
        assertThat(refused.toString()).doesNotContain("not-the-token-4711");

        Map<String, String> unreachable = with(good, "metronome.api.url", "http://127.0.0.1:" + closedPort());
        assertThat(validationErrors(unreachable)).containsOnlyKeys("metronome.api.url");
        assertThat(validationErrors(unreachable).get("metronome.api.url")).singleElement().asString()
                .contains("cannot reach Metronome");

        assertThat(validationErrors(with(good, "streams", "customers,contracts")))
                .containsOnlyKeys("streams").extractingByKey("streams").asString().contains("unknown stream 'contracts'");
        assertThat(validationErrors(with(good, "costs.start.date", "2024-13-01")))
                .containsOnlyKeys("costs.start.date").extractingByKey("costs.start.date").asString()
                .contains("YYYY-MM-DD");
        assertThat(validationErrors(with(good, "customers.page.size", "101")))
                .containsOnlyKeys("customers.page.size").extractingByKey("customers.page.size").asString()
                .contains("no more than 100");
        assertThat(validationErrors(with(good, "customers.page.size", "0")))
                .containsOnlyKeys("customers.page.size").extractingByKey("customers.page.size").asString()
                .contains("at least 1");
        assertThat(validationErrors(with(good, "decimal.handling.mode", "float")))
                .containsOnlyKeys("decimal.handling.mode").extractingByKey("decimal.handling.mode").asString()
                .contains("precise, string, double");
        assertThat(validationErrors(with(good, "decimal.handling.mode", "STRING"))).isEmpty();
    }

    private Map<String, List<String>> validationErrors(Map<String, String> config) {
        return errors(cluster.validateConnectorConfig(PLUGIN, config));
    }

    /** Field → its error messages, for the fields that have any. */
    private static Map<String, List<String>> errors(ConfigInfos infos) {
        Map<String, List<String>> errors = infos.configs().stream().map(ConfigInfo::configValue)
                .filter(v -> !v.errors().isEmpty())
                .collect(Collectors.toMap(v -> v.name(), v -> v.errors()));
        assertThat(infos.errorCount()).isEqualTo(errors.values().stream().mapToInt(List::size).sum());
        return errors;
    }

    private static Map<String, String> with(Map<String, String> config, String key, String value) {
        Map<String, String> changed = new HashMap<>(config);
        changed.put(key, value);
        return changed;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anOutageKeepsTheTaskRunningAndArchivedCustomersAreFollowedByTombstones() {
        MetronomeEmulator emulator = emulator("dev-token", 0);
        MetronomeClient client = client(emulator);
        List<String> customers = emulator.bulkCreateCustomers(8, "customer ", "alias-");
        String archivedEarlier = customers.get(3);
        client.execute(archiveCustomer(archivedEarlier, null));
        emulator.setFaults(FaultSpec.builder().status(503).ratio(1.0).pathPrefix("/v1/customers").build());
        String name = "outage-source";
        String topic = "outage.customers";
        Map<String, String> config = config(emulator, "outage", "customers");
        config.put("customers.page.size", "3");
        config.put("customers.archived.tombstones", "true");
        create(name, config);

        await("the task to stay RUNNING for 6 s of 503s").during(Duration.ofSeconds(6))
                .atMost(ConnectTestClusters.DEFAULT_TIMEOUT).pollInterval(Duration.ofMillis(300))
                .until(() -> taskRunning(name));
        assertThat(emulator.requestCounts().get(LIST_CUSTOMERS)).as("the task kept trying").isGreaterThanOrEqualTo(5L);

        emulator.clearFaults();
        List<ConsumerRecord<byte[], byte[]>> records = ConnectTestClusters.readRecords(cluster, topic, 9);
        awaitScans(name, 2);
        records = ConnectTestClusters.readAll(cluster, topic);
        assertThat(records).hasSize(9);
        assertThat(records.stream().filter(r -> r.value() != null).map(r -> plainRecord(r.key()).get("id")))
                .containsExactlyInAnyOrderElementsOf(customers);
        assertTombstonesFollowArchivedRecords(records, List.of(archivedEarlier));

        String archivedNow = customers.get(6);
        client.execute(archiveCustomer(archivedNow, null));
        ConnectTestClusters.readRecords(cluster, topic, 11);
        awaitScans(name, 2);
        records = ConnectTestClusters.readAll(cluster, topic);
        assertThat(records).hasSize(11);
        assertThat(plainRecord(records.get(9).key())).containsEntry("id", archivedNow);
        assertTombstonesFollowArchivedRecords(records, List.of(archivedEarlier, archivedNow));
    }

    private boolean taskRunning(String connector) {
        ConnectorStateInfo status = cluster.connectorStatus(connector);
        status.tasks().stream().filter(t -> "FAILED".equals(t.state())).findFirst().ifPresent(t -> {
            throw new AssertionError("task FAILED:\n" + t.trace());
        });
        return "RUNNING".equals(status.connector().state()) && status.tasks().size() == 1
                && "RUNNING".equals(status.tasks().get(0).state());
    }

    /** Each tombstone directly follows its customer's record, which carries archived_at (one partition). */
    private void assertTombstonesFollowArchivedRecords(List<ConsumerRecord<byte[], byte[]>> records,
                                                       List<String> archived) {
        List<String> tombstoned = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).value() != null) {
                continue;
            }
            String id = plainRecord(records.get(i).key()).get("id").toString();
            tombstoned.add(id);
            assertThat(i).as("tombstone of %s is not the first record", id).isPositive();
            Map<String, Object> previous = plainRecord(records.get(i - 1).value());
            assertThat(previous).containsEntry("id", id);
            assertThat(previous.get("archived_at")).as("archived_at of %s", id).isNotNull();
        }
        assertThat(tombstoned).containsExactlyElementsOf(archived);
    }

    @Test
    void aRevokedTokenFailsTheTaskWithATraceNamingTheSettingButNotTheToken() {
        String revoked = "revoked-token-7f3a9c";
        MetronomeEmulator original = emulator(revoked, 0);
        original.bulkCreateCustomers(3, "customer ", "alias-");
        String name = "revoked-source";
        create(name, config(original, "revoked", "customers"));
        ConnectTestClusters.awaitRunning(cluster, name, 1);
        ConnectTestClusters.readRecords(cluster, "revoked.customers", 3);

        // the same Metronome, now accepting another token only
        int port = original.port();
        original.close();
        MetronomeEmulator rotated = emulator("rotated-token-0b1d", port);

        ConnectorStateInfo.TaskState task = await("the task to fail").atMost(ConnectTestClusters.DEFAULT_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.connectorStatus(name).tasks(),
                        tasks -> tasks.size() == 1 && "FAILED".equals(tasks.get(0).state()))
                .get(0);
        assertThat(task.trace()).contains("Metronome rejected the API token", "metronome.api.token")
                .doesNotContain(revoked);
        assertThat(cluster.connectorStatus(name).connector().state()).isEqualTo("RUNNING");
        assertThat(rotated.requestCounts().get(LIST_CUSTOMERS)).as("a rejected token is not retried").isEqualTo(1L);
    }

    // helpers shared by the tests

    private Map<String, Object> plainRecord(byte[] payload) {
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) plain(decoder.decodeRecord(payload));
        return plain;
    }

    /** An Avro datum as plain Java values: strings, lists, maps, records as maps by field name. */
    private static Object plain(Object avro) {
        if (avro instanceof CharSequence text) {
            return text.toString();
        }
        if (avro instanceof GenericRecord record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            record.getSchema().getFields().forEach(f -> fields.put(f.name(), plain(record.get(f.name()))));
            return fields;
        }
        if (avro instanceof Collection<?> items) {
            return items.stream().map(SourceOperationsIT::plain).toList();
        }
        if (avro instanceof Map<?, ?> map) {
            Map<String, Object> entries = new TreeMap<>();
            map.forEach((k, v) -> entries.put(k.toString(), plain(v)));
            return entries;
        }
        return avro;
    }

    /** Waits until the emulator served {@code more} further calls of {@code endpoint}. */
    private static void awaitRequests(MetronomeEmulator emulator, String endpoint, int more) {
        long start = emulator.requestCounts().getOrDefault(endpoint, 0L);
        await(more + " more " + endpoint).atMost(ConnectTestClusters.DEFAULT_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> emulator.requestCounts().getOrDefault(endpoint, 0L) >= start + more);
    }

    private void post(MetronomeEmulator emulator, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("Authorization", "Bearer " + emulator.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(200);
    }

    private MetronomeEmulator emulator(String token, int port) {
        MetronomeEmulator emulator = new MetronomeEmulator(port, token).start();
        emulators.add(emulator);
        return emulator;
    }

    private MetronomeClient client(MetronomeEmulator emulator) {
        MetronomeClient client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), emulator.token()));
        clients.add(client);
        return client;
    }

    private void create(String name, Map<String, String> config) {
        connectors.add(name);
        cluster.configureConnector(name, config);
    }

    private static Map<String, String> config(MetronomeEmulator emulator, String prefix, String streams) {
        Map<String, String> config = TestConnectorConfigs.source(emulator, streams, prefix);
        config.put("metronome.retry.max.attempts", "2");
        config.put("metronome.retry.backoff.max.ms", "200");
        return config;
    }
}
