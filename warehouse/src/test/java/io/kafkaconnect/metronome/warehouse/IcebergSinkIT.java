package io.kafkaconnect.metronome.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkaconnect.metronome.emulator.CustomerSnapshot;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.quickstart.Layout;
import io.kafkaconnect.metronome.quickstart.process.ConnectRestClient;
import io.kafkaconnect.metronome.quickstart.process.ConnectWorker;
import io.kafkaconnect.metronome.quickstart.process.KafkaBroker;
import io.kafkaconnect.metronome.quickstart.process.WorkerSetup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The end of the pipe: the packaged Metronome source and Apache Iceberg's Kafka Connect sink in one distributed
 * worker (Kafka 4.3.1, its own process; each plugin in its own plugin.path directory, so Iceberg's and Hadoop's
 * jars stay apart from Connect's), the sink configured from {@code config/warehouse/iceberg-sink.json} writing the
 * customers and costs topics into append tables of a Hadoop catalog on disk. The tables are read back with
 * Iceberg's Java API; the latest-row view of config/warehouse/README.md (per key, the row with the greatest
 * {@code _kafka_metadata_offset}) must equal the emulator: one current row per customer after renames and an
 * archive, and each customer's costs per day and credit type equal to the costs API after late usage inside the
 * lookback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcebergSinkIT {

    private static final String SOURCE_CLASS = "io.kafkaconnect.metronome.source.MetronomeSourceConnector";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TableIdentifier CUSTOMERS = TableIdentifier.of("metronome", "customers");
    private static final TableIdentifier COSTS = TableIdentifier.of("metronome", "costs");
    /**
     * The latest-row view's order (config/warehouse/README.md): partition, then offset, descending. Every key stays
     * in one partition, so within a key this is the order the source wrote the records in.
     */
    private static final Comparator<Record> NEWEST_FIRST = Comparator
            .comparing((Record r) -> (Integer) r.getField("_kafka_metadata_partition"))
            .thenComparing(r -> (Long) r.getField("_kafka_metadata_offset")).reversed();

    private final Layout layout = Layout.detect().requireBuilt();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> started = new ArrayList<>();
    private MetronomeEmulator emulator;
    private KafkaBroker broker;
    private ConnectWorker worker;
    private HadoopCatalog catalog;
    private Path warehouse;

    @BeforeAll
    void start() throws Exception {
        Path workDir = Path.of(System.getProperty("warehouse.it.dir", "target/iceberg-sink-it")).toAbsolutePath();
        deleteTree(workDir);
        Files.createDirectories(workDir);
        warehouse = Files.createDirectories(workDir.resolve("warehouse"));
        Path log4j = workDir.resolve("log4j2.properties");
        try (InputStream in = getClass().getResourceAsStream("/quickstart-children-log4j2.properties")) {
            Files.copy(in, log4j);
        }
        Path icebergPlugins = Path.of(System.getProperty("iceberg.plugins", "target/iceberg-plugins"));
        assertThat(icebergPlugins.resolve("iceberg-kafka-connect")).as("the Iceberg sink plugin directory "
                + "(mvn -pl warehouse -am verify copies it before the ITs)").isDirectory();

        emulator = new MetronomeEmulator(0, "it-token").start();
        started.add(emulator);
        broker = KafkaBroker.start(workDir.resolve("kafka"), layout.childClasspath(), log4j, TIMEOUT);
        started.add(broker);
        broker.createTopics(List.of("metronome.customers", "metronome.costs", "metronome-iceberg-control"));
        worker = ConnectWorker.start(WorkerSetup.of(workDir.resolve("connect"), layout.childClasspath(), log4j,
                        broker.bootstrapServers(), layout.pluginPath())
                .withPluginDir(icebergPlugins.toAbsolutePath())
                .withEnvironment(Map.of("ICEBERG_WAREHOUSE", warehouse.toUri().toString())), TIMEOUT);
        started.add(worker);
        catalog = new HadoopCatalog(new Configuration(), warehouse.toUri().toString());
        started.add(catalog);
    }

    @AfterAll
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void tablesEqualTheEmulatorAfterRenamesArchiveAndLateUsage() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> customers = emulator.bulkCreateCustomers(3, "Warehouse customer ", "warehouse-");
        String metric = post("/v1/billable-metrics/create", Map.of("name", "api calls", "aggregation_type", "COUNT",
                "event_type_filter", Map.of("in_values", List.of("api_call")))).path("data").path("id").asText();
        for (int c = 0; c < customers.size(); c++) {
            // 17 significant digits, more than a double holds: 3 calls cost 0.30000000000000003
            emulator.setExactRates(customers.get(c),
                    Map.of(metric, c == 0 ? new BigDecimal("0.10000000000000001") : new BigDecimal("1.25").multiply(BigDecimal.valueOf(c))));
            usage(customers.get(c), today.minusDays(2), 3 + c);
            usage(customers.get(c), today.minusDays(1), 1 + c);
        }

        ConnectRestClient rest = worker.rest();
        put(rest, "metronome-source", Map.of(
                "connector.class", SOURCE_CLASS,
                "metronome.api.url", emulator.baseUrl(),
                "metronome.api.token", emulator.token(),
                "streams", "customers,costs",
                "topic.prefix", "metronome",
                "poll.interval.ms", "500",
                "costs.start.date", today.minusDays(2).toString(),
                "costs.lookback.days", "2",
                "key.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter"));
        put(rest, "metronome-iceberg", icebergSinkConfig());

        // the first sync, in the tables
        awaitTablesEqualTheEmulator(customers, today);
        String threeCallsKey = customers.get(0) + "/" + today.minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(currentCosts().entrySet()).filteredOn(e -> e.getKey().startsWith(threeCallsKey)).singleElement()
                .satisfies(e -> assertThat(e.getValue().cost().toPlainString()).as("17 significant digits in Iceberg")
                        .isEqualTo("0.30000000000000003"));

        // renames, an archive, late usage on closed days inside the lookback
        String renamed = customers.get(0);
        String archived = customers.get(1);
        String late = customers.get(2);
        post("/v1/customers/" + renamed + "/setName", Map.of("name", "Renamed once"));
        post("/v1/customers/" + renamed + "/setName", Map.of("name", "Renamed twice"));
        post("/v1/customers/archive", Map.of("id", archived));
        usage(late, today.minusDays(1), 5);
        usage(renamed, today.minusDays(2), 2);

        awaitTablesEqualTheEmulator(customers, today);

        // append tables: the history is there, the view picks the latest row
        Map<String, List<Record>> customerRows = groupBy(scan(CUSTOMERS), r -> (String) r.getField("id"));
        assertThat(customerRows.get(renamed)).extracting(r -> r.getField("name"))
                .contains("Warehouse customer 0", "Renamed twice");
        assertThat(customerRows.get(archived)).extracting(r -> r.getField("archived_at") == null)
                .contains(true, false);
        Map<String, List<Record>> costRows = groupBy(scan(COSTS), IcebergSinkIT::costKey);
        String lateKey = late + "/" + today.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(costRows.entrySet()).filteredOn(e -> e.getKey().startsWith(lateKey))
                .singleElement().satisfies(e -> assertThat(e.getValue()).as("rows of %s", e.getKey()).hasSizeGreaterThan(1));
        printSample(customerRows, costRows);
    }

    /** config/warehouse/iceberg-sink.json as users deploy it, but JSON (as the source here) and a 1 s commit. */
    private Map<String, String> icebergSinkConfig() throws IOException {
        JsonNode file = JSON.readTree(layout.configDir().resolve("warehouse/iceberg-sink.json").toFile());
        Map<String, String> config = new LinkedHashMap<>();
        file.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        config.keySet().removeIf(key -> key.startsWith("key.converter") || key.startsWith("value.converter"));
        config.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("iceberg.control.commit.interval-ms", "1000");
        return config;
    }

    private void awaitTablesEqualTheEmulator(List<String> customers, LocalDate today) {
        await("the Iceberg tables' latest rows equal the emulator").atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptions().untilAsserted(() -> {
                    assertThat(currentCustomers()).as("customers: latest row per id")
                            .isEqualTo(expectedCustomers(customers));
                    assertThat(currentCosts()).as("costs: latest row per customer, day and credit type")
                            .isEqualTo(expectedCosts(customers, today));
                });
    }

    // ---- the latest-row view (config/warehouse/README.md), applied to what Iceberg's Java API reads ----

    record CustomerRow(String name, String externalId, List<String> ingestAliases, Map<String, String> customFields,
                       Instant createdAt, Instant updatedAt, Instant archivedAt) {
    }

    record LineItem(String name, BigDecimal cost, String groupKey, String groupValue) {
    }

    record CostRow(String creditTypeName, BigDecimal cost, List<LineItem> lineItems) {
    }

    private Map<String, CustomerRow> currentCustomers() throws IOException {
        Map<String, CustomerRow> current = new TreeMap<>();
        latest(scan(CUSTOMERS), r -> (String) r.getField("id")).forEach((id, r) -> current.put(id, new CustomerRow(
                (String) r.getField("name"), (String) r.getField("external_id"),
                list(r.getField("ingest_aliases")), map(r.getField("custom_fields")),
                instant(r.getField("created_at")), instant(r.getField("updated_at")),
                instant(r.getField("archived_at")))));
        return current;
    }

    private Map<String, CostRow> currentCosts() throws IOException {
        Map<String, CostRow> current = new TreeMap<>();
        latest(scan(COSTS), IcebergSinkIT::costKey).forEach((key, r) -> {
            List<LineItem> items = new ArrayList<>();
            for (Object item : list(r.getField("line_item_breakdown"))) {
                Record line = (Record) item;
                items.add(new LineItem((String) line.getField("name"), money(line.getField("cost")),
                        (String) line.getField("group_key"), (String) line.getField("group_value")));
            }
            current.put(key, new CostRow((String) r.getField("credit_type_name"), money(r.getField("cost")), items));
        });
        return current;
    }

    /** The view's rule: per key, the row with the greatest Kafka offset; no two rows of a key share it. */
    private static Map<String, Record> latest(List<Record> rows, Function<Record, String> key) {
        Map<String, Record> latest = new HashMap<>();
        groupBy(rows, key).forEach((k, group) -> {
            List<Record> sorted = group.stream().sorted(NEWEST_FIRST).toList();
            assertThat(sorted.size() == 1 || NEWEST_FIRST.compare(sorted.get(0), sorted.get(1)) != 0)
                    .as("exactly one current row of %s", k).isTrue();
            latest.put(k, sorted.get(0));
        });
        return latest;
    }

    private static String costKey(Record r) {
        return r.getField("customer_id") + "/" + instant(r.getField("start_timestamp")) + "/"
                + r.getField("credit_type_id");
    }

    private List<Record> scan(TableIdentifier id) throws IOException {
        Table table = catalog.loadTable(id);
        table.refresh();
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(r -> rows.add(r.copy()));
        }
        return rows;
    }

    /**
     * Money as read from Iceberg: a decimal(38,18) column (decimal.handling.mode=precise), so the same digits as
     * Metronome sent padded with zeros; stripped, it must equal the emulator's amount digit for digit.
     */
    static BigDecimal money(Object icebergValue) {
        if (!(icebergValue instanceof BigDecimal amount)) {
            throw new AssertionError("money is not an Iceberg decimal: " + icebergValue);
        }
        return exact(amount);
    }

    // ---- what the emulator says ----

    private Map<String, CustomerRow> expectedCustomers(List<String> ids) {
        Map<String, CustomerRow> expected = new TreeMap<>();
        for (CustomerSnapshot c : emulator.customers()) {
            if (ids.contains(c.id())) {
                expected.put(c.id(), new CustomerRow(c.name(), c.externalId(), c.ingestAliases(), c.customFields(),
                        millis(c.createdAt()), millis(c.updatedAt()), millis(c.archivedAt())));
            }
        }
        return expected;
    }

    /** GET /v1/customers/{id}/costs over the source's days (start date to today), one entry per credit type. */
    private Map<String, CostRow> expectedCosts(List<String> ids, LocalDate today)
            throws IOException, InterruptedException {
        Map<String, CostRow> expected = new TreeMap<>();
        String from = today.minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        String to = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        for (String id : ids) {
            JsonNode page = get("/v1/customers/" + id + "/costs?starting_on=" + from + "&ending_before=" + to);
            assertThat(page.path("next_page").isNull()).as("one page of costs").isTrue();
            for (JsonNode bucket : page.path("data")) {
                Instant start = Instant.parse(bucket.path("start_timestamp").asText());
                bucket.path("credit_types").fields().forEachRemaining(credit -> {
                    JsonNode cost = credit.getValue();
                    List<LineItem> items = new ArrayList<>();
                    for (JsonNode item : cost.path("line_item_breakdown")) {
                        items.add(new LineItem(item.path("name").asText(), exact(item.path("cost").decimalValue()),
                                text(item.path("group_key")), text(item.path("group_value"))));
                    }
                    expected.put(id + "/" + start + "/" + credit.getKey(), new CostRow(text(cost.path("name")),
                            exact(cost.path("cost").decimalValue()), items));
                });
            }
        }
        assertThat(expected).as("the emulator reports costs").isNotEmpty();
        return expected;
    }

    private static BigDecimal exact(BigDecimal amount) {
        return amount.signum() == 0 ? BigDecimal.ZERO : amount.stripTrailingZeros();
    }

    private void usage(String customerId, LocalDate day, int events) throws IOException, InterruptedException {
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(Map.of("transaction_id", UUID.randomUUID().toString(), "customer_id", customerId,
                    "event_type", "api_call",
                    "timestamp", day.atStartOfDay(ZoneOffset.UTC).plusMinutes(i).toInstant().toString()));
        }
        send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + "/v1/ingest"))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(batch))));
    }

    private JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path)).GET());
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + emulator.token())
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s answered %s", response.request().uri(), response.body())
                .isBetween(200, 299);
        return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** Creates (or updates) a connector through REST, retrying while the worker joins its group, until it runs. */
    private static void put(ConnectRestClient rest, String name, Map<String, String> config) {
        await("create " + name).atMost(TIMEOUT).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
            rest.putConnector(name, config);
            return true;
        });
        await(name + " RUNNING").atMost(TIMEOUT).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> rest.isRunning(name));
    }

    // ---- small conversions ----

    private static <T> Map<String, List<T>> groupBy(List<T> rows, Function<T, String> key) {
        return rows.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Object value) {
        return value == null ? List.of() : List.copyOf((List<T>) value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> map(Object value) {
        return value == null ? Map.of() : Map.copyOf((Map<String, String>) value);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        } else if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        } else if (value instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        throw new AssertionError("not a timestamp: " + value + " (" + value.getClass() + ")");
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static void printSample(Map<String, List<Record>> customers, Map<String, List<Record>> costs) {
        System.out.println("metronome.customers (" + customers.values().stream().mapToInt(List::size).sum()
                + " rows):");
        customers.values().stream().flatMap(List::stream).forEach(r -> System.out.println("  " + r));
        System.out.println("metronome.costs (" + costs.values().stream().mapToInt(List::size).sum() + " rows):");
        costs.values().stream().flatMap(List::stream).forEach(r -> System.out.println("  " + r));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
