package io.kafkaconnect.metronome.source;

import static io.kafkaconnect.metronome.client.MetronomeRequests.archiveCustomer;
import static io.kafkaconnect.metronome.client.MetronomeRequests.updateConfig;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.model.UpdateConfigRequest;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The per-customer streams see only the selected active customers, each once per round; a stream that reads archived
 * customers sees those too.
 */
class ShardScanSelectionTest {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final MetronomeClient client = EMULATOR.client();
    private List<String> ids;
    private final List<String> processed = new ArrayList<>();
    private final PerCustomerStream recorder = (customerIds, now, scanId) -> {
        processed.addAll(customerIds);
        return new PerCustomerStream.Staged(List.of(), () -> { });
    };

    @BeforeEach
    void start() {
        ids = emulator.bulkCreateCustomers(30, "customer ", null);
    }

    @Test
    void aRoundRunsEveryQueryAndFeedsEachSelectedActiveCustomerOnce() {
        client.execute(updateConfig(ids.get(1), new UpdateConfigRequest(null, "sf-1"), null));
        client.execute(updateConfig(ids.get(27), new UpdateConfigRequest(null, "sf-27"), null));
        client.execute(archiveCustomer(ids.get(2), null));
        List<String> byId = new ArrayList<>(ids.subList(0, 25)); // 25 ids: page size 10 → 3 pages
        CustomerSelection selection = new CustomerSelection(byId, List.of("sf-1", "sf-27"));

        round(new ShardScan(client, new CustomerShard(0, 1), selection, List.of(recorder), 10, Duration.ofHours(1)));

        List<String> expected = new ArrayList<>(byId);
        expected.remove(ids.get(2)); // archived: per-customer streams read active customers only
        expected.add(ids.get(27));
        assertThat(processed).as("customer 1 is listed by id and by Salesforce account, and processed once")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(emulator.requestCounts()).containsEntry("GET /v1/customers", 4L);
    }

    @Test
    void withoutASelectionEveryActiveCustomerIsFed() {
        round(new ShardScan(client, new CustomerShard(0, 1), new CustomerSelection(List.of(), List.of()),
                List.of(recorder), 100, Duration.ofHours(1)));
        assertThat(processed).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aStreamThatReadsArchivedCustomersGetsThemAfterTheActiveOnesAndOnlyIt() {
        client.execute(archiveCustomer(ids.get(2), null));
        client.execute(archiveCustomer(ids.get(5), null));
        List<String> activeSeen = new ArrayList<>();
        List<String> archivedSeen = new ArrayList<>();
        PerCustomerStream readsArchived = new PerCustomerStream() {
            @Override
            public Staged process(List<String> customerIds, Instant now, String scanId) {
                activeSeen.addAll(customerIds);
                return new Staged(List.of(), () -> { });
            }

            @Override
            public boolean readsArchived() {
                return true;
            }

            @Override
            public Staged processArchived(List<String> customerIds, Instant now, String scanId) {
                archivedSeen.addAll(customerIds);
                return new Staged(List.of(), () -> { });
            }
        };

        round(new ShardScan(client, new CustomerShard(0, 1), new CustomerSelection(List.of(), List.of()),
                List.of(recorder, readsArchived), 100, Duration.ofHours(1)));

        List<String> active = new ArrayList<>(ids);
        active.removeAll(List.of(ids.get(2), ids.get(5)));
        assertThat(processed).as("a stream of active customers only").containsExactlyInAnyOrderElementsOf(active);
        assertThat(activeSeen).containsExactlyInAnyOrderElementsOf(active);
        assertThat(archivedSeen).containsExactlyInAnyOrder(ids.get(2), ids.get(5));
        assertThat(emulator.requestCounts()).as("one page of active, one of archived customers")
                .containsEntry("GET /v1/customers", 2L);
    }

    /** Polls until the scan rests: one whole round. */
    private static void round(ShardScan scan) {
        Instant now = Instant.now();
        for (int steps = 0; !scan.nextDue().isAfter(now); steps++) {
            assertThat(steps).as("steps of one round").isLessThan(100);
            scan.poll(now);
        }
    }
}
