package io.kafkaconnect.metronome.source;

import static io.kafkaconnect.metronome.client.MetronomeRequests.archiveCustomer;
import static io.kafkaconnect.metronome.client.MetronomeRequests.setName;
import static io.kafkaconnect.metronome.client.MetronomeRequests.updateConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.model.UpdateConfigRequest;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Paging, change detection across restarts, archived customers and tombstones, billable status, the customer
 * filter settings, against the emulator.
 */
class CustomersStreamTest {

    private static final String LIST = "GET /v1/customers";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final MetronomeClient client = EMULATOR.client();
    private final InMemoryOffsets offsets = new InMemoryOffsets();
    private List<String> ids;

    @BeforeEach
    void start() {
        ids = emulator.bulkCreateCustomers(25, "customer ", "alias-");
    }

    @Test
    void firstScanEmitsEveryCustomerOnceThenOnlyChanges() {
        CustomersStream stream = stream(Map.of());
        List<SourceRecord> first = scan(stream);
        assertThat(customerIds(first)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(first.stream().filter(r -> r.topic().equals("metronome.progress"))).hasSize(4); // 3 + archived

        assertThat(customerIds(scan(stream))).isEmpty();

        client.execute(setName(ids.get(3), "renamed", null));
        client.execute(archiveCustomer(ids.get(7), null));
        List<SourceRecord> changes = scan(stream);
        assertThat(customerIds(changes)).containsExactlyInAnyOrder(ids.get(3), ids.get(7));
        Struct archived = (Struct) changes.stream()
                .filter(r -> r.key() instanceof Struct k && k.getString("id").equals(ids.get(7)))
                .findFirst().orElseThrow().value();
        assertThat(archived.get("archived_at")).isNotNull();
    }

    @Test
    void aChangeOfBillableStatusAloneIsEmittedWithItsValueAndEffectiveAt() {
        CustomersStream stream = stream(Map.of());
        Struct before = (Struct) data(scan(stream)).stream()
                .filter(r -> ((Struct) r.key()).getString("id").equals(ids.get(4))).findFirst().orElseThrow().value();
        assertThat(before.getStruct("current_billable_status").getString("value")).isEqualTo("billable");

        Instant effective = Instant.parse("2026-01-15T00:00:00Z");
        emulator.setBillableStatus(ids.get(4), false, effective);
        List<SourceRecord> changes = data(scan(stream));

        assertThat(changes).singleElement().satisfies(r -> {
            Struct value = (Struct) r.value();
            assertThat(value.getString("id")).isEqualTo(ids.get(4));
            assertThat(value.get("updated_at")).as("the emulator does not move updated_at")
                    .isEqualTo(before.get("updated_at"));
            Struct status = value.getStruct("current_billable_status");
            assertThat(status.getString("value")).isEqualTo("unbillable");
            assertThat(status.get("effective_at")).isEqualTo(java.util.Date.from(effective));
        });
        assertThat(data(scan(stream))).isEmpty();
    }

    @Test
    void aSelectionCopiesTheCustomersListedByIdOrSalesforceAccountEachOncePerScan() {
        client.execute(updateConfig(ids.get(2), new UpdateConfigRequest(null, "sf-2"), null));
        client.execute(updateConfig(ids.get(5), new UpdateConfigRequest(null, "sf-5"), null));
        client.execute(archiveCustomer(ids.get(1), null));
        CustomersStream stream = stream(Map.of(
                "customers.ids", String.join(",", ids.get(0), ids.get(1), ids.get(2), "no-such-customer"),
                "customers.salesforce.account.ids", "sf-2,sf-5"));

        emulator.resetRequestCounts();
        List<SourceRecord> first = scan(stream);
        assertThat(customerIds(first)).as("the snapshot emits customer 2, listed by both, once")
                .containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(2), ids.get(5));
        assertThat(emulator.requestCounts()).as("2 queries, active then archived").containsEntry(LIST, 4L);

        client.execute(setName(ids.get(0), "renamed", null));
        client.execute(setName(ids.get(3), "not selected", null));
        assertThat(customerIds(scan(stream))).containsExactly(ids.get(0));
    }

    @Test
    void idListsLongerThan100AreSentAsSeveralQueries() {
        List<String> selected = new ArrayList<>(ids);
        selected.addAll(emulator.bulkCreateCustomers(100, "more ", null));
        emulator.bulkCreateCustomers(5, "other ", null);
        CustomersStream stream = stream(Map.of("customers.ids", String.join(",", selected)));

        emulator.resetRequestCounts();
        assertThat(customerIds(scan(stream))).containsExactlyInAnyOrderElementsOf(selected);
        // active: 100 ids in 10 pages of 10, then 25 in 3; archived: one empty page per query (the emulator
        // refuses more than 100 ids in one request)
        assertThat(emulator.requestCounts()).containsEntry(LIST, 15L);
    }

    @Test
    void aStoredPositionInAQueryTheSelectionNoLongerHasRestartsThePhase() {
        CustomersStream wide = stream(Map.of("customers.ids", String.join(",", ids.subList(0, 20)),
                "customers.salesforce.account.ids", "sf-x"));
        List<SourceRecord> firstQuery = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // 2 pages of ids: the stored position is then the Salesforce query
            List<SourceRecord> step = wide.poll(Instant.now());
            offsets.commit(step);
            firstQuery.addAll(step);
        }
        assertThat(customerIds(firstQuery)).hasSize(20);
        assertThat(offsets.offset(SourceOffsets.customersScan())).containsEntry("query", 1);

        CustomersStream narrow = stream(Map.of("customers.ids", ids.get(24)));
        assertThat(customerIds(scan(narrow))).containsExactly(ids.get(24));
    }

    @Test
    void aRestartedTaskRemembersWhatWasEmittedAndResumesMidScan() {
        CustomersStream stream = stream(Map.of());
        List<SourceRecord> firstPage = stream.poll(Instant.now());
        offsets.commit(firstPage);
        assertThat(customerIds(firstPage)).hasSize(10);

        CustomersStream restarted = stream(Map.of());
        List<SourceRecord> rest = scan(restarted);
        assertThat(customerIds(rest)).hasSize(15).doesNotContainAnyElementsOf(customerIds(firstPage));

        client.execute(setName(ids.get(0), "renamed", null));
        assertThat(customerIds(scan(stream(Map.of())))).containsExactly(ids.get(0));
    }

    @Test
    void archivedCustomersMayBeFollowedByATombstone() {
        client.execute(archiveCustomer(ids.get(1), null));
        List<SourceRecord> records = scan(stream(Map.of("customers.archived.tombstones", "true")));

        List<SourceRecord> forArchived = records.stream()
                .filter(r -> r.key() instanceof Struct k && k.getString("id").equals(ids.get(1))).toList();
        assertThat(forArchived).hasSize(2);
        assertThat(((Struct) forArchived.get(0).value()).get("archived_at")).isNotNull();
        assertThat(forArchived.get(1).value()).isNull();
    }

    @Test
    void recordsCarryUpdatedAtAsTimestampAndTheScanInTheirHeaders() {
        client.execute(archiveCustomer(ids.get(1), null));
        CustomersStream stream = stream(Map.of("customers.archived.tombstones", "true"));
        List<SourceRecord> first = data(scan(stream));
        assertThat(first).hasSize(26).allSatisfy(r -> {
            Struct value = r.value() != null ? (Struct) r.value() : (Struct) first.stream()
                    .filter(v -> v.value() != null && v.key().equals(r.key())).findFirst().orElseThrow().value();
            assertThat(value.get("updated_at")).isNotNull();
            assertThat(r.timestamp()).isEqualTo(((java.util.Date) value.get("updated_at")).getTime());
            assertThat(header(r, RecordMetadata.STREAM)).isEqualTo("customers");
            assertThat(header(r, RecordMetadata.CONNECTOR_VERSION)).isEqualTo(io.kafkaconnect.metronome.PluginVersion.get());
        });
        assertThat(first.stream().map(r -> header(r, RecordMetadata.SCAN_ID)).distinct()).hasSize(1);

        client.execute(setName(ids.get(3), "renamed", null));
        List<SourceRecord> second = data(scan(stream));
        assertThat(second).singleElement().satisfies(r -> {
            assertThat(header(r, RecordMetadata.SCAN_ID)).isNotEqualTo(header(first.get(0), RecordMetadata.SCAN_ID));
            assertThat(r.timestamp()).isEqualTo(((java.util.Date) ((Struct) r.value()).get("updated_at")).getTime());
        });
    }

    static String header(SourceRecord record, String name) {
        assertThat(record.headers().allWithName(name)).toIterable().hasSize(1);
        return (String) record.headers().lastWithName(name).value();
    }

    private static List<SourceRecord> data(List<SourceRecord> records) {
        return records.stream().filter(r -> r.topic().equals("metronome.customers")).toList();
    }

    private CustomersStream stream(Map<String, String> extra) {
        Map<String, String> props = new java.util.HashMap<>(extra);
        props.put("metronome.api.token", "dev-token");
        props.put("customers.page.size", "10");
        props.put("poll.interval.ms", "100");
        return new CustomersStream(new MetronomeSourceConfig(props), client, offsets, new CustomerRecords());
    }

    /** Runs one whole scan (starting the next one if the last has completed) and commits its offsets. */
    private List<SourceRecord> scan(CustomersStream stream) {
        List<SourceRecord> all = new ArrayList<>();
        Instant now = stream.nextDue().isAfter(Instant.now()) ? stream.nextDue() : Instant.now();
        do {
            List<SourceRecord> step = stream.poll(now);
            offsets.commit(step);
            all.addAll(step);
        } while (!stream.nextDue().isAfter(now));
        return all;
    }

    private static List<String> customerIds(List<SourceRecord> records) {
        return records.stream().filter(r -> r.topic().equals("metronome.customers") && r.value() != null)
                .map(r -> ((Struct) r.key()).getString("id")).toList();
    }
}
