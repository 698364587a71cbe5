package io.kafkaconnect.metronome.source;

import static io.kafkaconnect.metronome.client.MetronomeRequests.archiveCustomer;
import static io.kafkaconnect.metronome.client.MetronomeRequests.setName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.AvroConnectCluster;
import io.kafkaconnect.metronome.testkit.ConnectTestClusters;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import io.kafkaconnect.metronome.testkit.TestConnectorConfigs;
import io.kafkaconnect.metronome.testkit.RegistryAvroDecoder;
import io.kafkaconnect.metronome.testkit.SchemaFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The customers stream end to end: emulator over HTTP → connector in a real worker → Apicurio's AvroConverter →
 * real broker; records decoded with the schema fetched by id from the registry. The tests run in order on one
 * connector: the first scan (stopped and resumed mid-way), then change detection on later scans (names, archiving,
 * billable status).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CustomersStreamIT {

    private static final String CONNECTOR = "customers-source";
    private static final String TOPIC = "metronome.customers";
    private static final String LIST = "GET /v1/customers";
    private static final int CUSTOMERS = 1000;
    private static final int PAGE = 100;

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token").keepingStateBetweenTests();
    @RegisterExtension
    static final AvroConnectCluster AVRO = new AvroConnectCluster("customers-it");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private EmbeddedConnectCluster cluster;
    private RegistryAvroDecoder decoder;
    private MetronomeClient client;
    private List<String> ids;

    @BeforeAll
    void start() {
        client = EMULATOR.client();
        ids = emulator.bulkCreateCustomers(CUSTOMERS, "customer ", "alias-");
        cluster = AVRO.cluster();
        decoder = AVRO.decoder();
    }

    @Test
    @Order(1)
    void firstScanStoppedMidwayResumesFromTheStoredCursorAndEmitsEachCustomerOnce() {
        // 300 ms per page: the scan of 10 + 1 pages takes seconds, so it can be stopped in the middle
        emulator.setFaults(FaultSpec.builder().latencyMs(300).pathPrefix("/v1/customers").build());
        cluster.configureConnector(CONNECTOR, config(Duration.ofHours(1)));
        ConnectTestClusters.awaitRunning(cluster, CONNECTOR, 1);
        ConnectTestClusters.readRecords(cluster, TOPIC, 3 * PAGE);

        ConnectTestClusters.stopAndAwaitTasksGone(cluster, CONNECTOR);
        Map<String, Object> cursor = scanOffset();
        assertThat(cursor).containsEntry("phase", "active");
        assertThat(cursor.get("cursor")).isNotNull();
        int beforeResume = ConnectTestClusters.readAll(cluster, TOPIC).size();
        assertThat(beforeResume).isBetween(3 * PAGE, CUSTOMERS - PAGE);
        assertThat(beforeResume % PAGE).as("whole pages were emitted and committed").isZero();

        emulator.resetRequestCounts();
        cluster.resumeConnector(CONNECTOR);
        await().atMost(ConnectTestClusters.DEFAULT_TIMEOUT).until(() -> "done".equals(scanOffset().get("phase")));

        List<ConsumerRecord<byte[], byte[]>> records = ConnectTestClusters.readAll(cluster, TOPIC);
        assertThat(records).hasSize(CUSTOMERS);
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            GenericRecord key = decoder.decodeRecord(record.key());
            GenericRecord value = decoder.decodeRecord(record.value());
            assertThat(value.get("id")).hasToString(key.get("id").toString());
            assertThat(value.get("name").toString()).startsWith("customer ");
            assertThat(value.get("archived_at")).isNull();
            seen.add(key.get("id").toString());
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(ids);
        // only the pages after the stored cursor were fetched again: the rest of the active pages + 1 archived
        assertThat(emulator.requestCounts().get(LIST)).isEqualTo((CUSTOMERS - beforeResume) / PAGE + 1);

        decoder.assertReaderCompatible(RegistryAvroDecoder.schemaId(records.get(0).key()), "customer_key");
        decoder.assertReaderCompatible(RegistryAvroDecoder.schemaId(records.get(0).value()), "customer");
        // what the registry holds for the subjects is the schema file itself
        SchemaFiles.assertSameAsFile("customer_key", decoder.schema(RegistryAvroDecoder.schemaId(records.get(0).key()))
                .toString());
        SchemaFiles.assertSameAsFile("customer", decoder.schema(RegistryAvroDecoder.schemaId(records.get(0).value()))
                .toString());
    }

    @Test
    @Order(2)
    void laterScansEmitOnlyWhatChanged() {
        emulator.clearFaults();
        emulator.resetRequestCounts();
        // a new config restarts the task: change detection must come from the stored offsets
        cluster.configureConnector(CONNECTOR, config(Duration.ofMillis(1500)));
        awaitScans(2);
        assertThat(ConnectTestClusters.readAll(cluster, TOPIC)).as("nothing changed, nothing emitted")
                .hasSize(CUSTOMERS);

        for (int i = 0; i < 3; i++) {
            client.execute(setName(ids.get(10 * i), "renamed " + i, null));
        }
        client.execute(archiveCustomer(ids.get(500), null));
        // only current_billable_status changes (the emulator leaves updated_at): the content hash covers it
        Instant unbillableSince = Instant.parse("2026-02-01T00:00:00Z");
        emulator.setBillableStatus(ids.get(700), false, unbillableSince);
        emulator.resetRequestCounts();
        awaitScans(2);

        List<ConsumerRecord<byte[], byte[]>> records = ConnectTestClusters.readAll(cluster, TOPIC);
        assertThat(records).hasSize(CUSTOMERS + 5);
        Map<String, GenericRecord> changed = new HashMap<>();
        records.subList(CUSTOMERS, records.size()).forEach(r -> {
            GenericRecord value = decoder.decodeRecord(r.value());
            changed.put(value.get("id").toString(), value);
        });
        assertThat(changed).containsOnlyKeys(ids.get(0), ids.get(10), ids.get(20), ids.get(500), ids.get(700));
        GenericRecord status = (GenericRecord) changed.get(ids.get(700)).get("current_billable_status");
        assertThat(status.get("value")).hasToString("unbillable");
        assertThat(status.get("effective_at")).isEqualTo(unbillableSince.toEpochMilli());
        assertThat(((GenericRecord) changed.get(ids.get(10)).get("current_billable_status")).get("value"))
                .hasToString("billable");
        assertThat(changed.get(ids.get(10)).get("name")).hasToString("renamed 1");
        assertThat(changed.get(ids.get(500)).get("archived_at")).isNotNull();
        assertThat(changed.get(ids.get(0)).get("archived_at")).isNull();
    }

    /** Waits until the emulator has served {@code scans} more complete scans (11 list calls each). */
    private void awaitScans(int scans) {
        await().atMost(ConnectTestClusters.DEFAULT_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> emulator.requestCounts().getOrDefault(LIST, 0L) >= (long) scans * (CUSTOMERS / PAGE + 1)
                        && "done".equals(scanOffset().get("phase")));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> scanOffset() {
        return cluster.connectorOffsets(CONNECTOR).offsets().stream()
                .filter(o -> o.partition().equals(Map.of("stream", "customers")))
                .map(ConnectorOffset::offset)
                .findFirst()
                .map(o -> (Map<String, Object>) o)
                .orElse(Map.of());
    }

    private Map<String, String> config(Duration pollInterval) {
        Map<String, String> config = TestConnectorConfigs.source(emulator, "customers", "metronome");
        config.put("customers.page.size", Integer.toString(PAGE));
        config.put("poll.interval.ms", Long.toString(pollInterval.toMillis()));
        return config;
    }
}
