package io.kafkaconnect.metronome.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.TreeMap;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class SourceOffsetsTest {

    private final MetronomeSourceConnector connector = new MetronomeSourceConnector();

    /** Connect keys offsets by the partition's JSON in iteration order: it must not vary between JVMs. */
    @Test
    void partitionFieldsIterateInAFixedOrder() {
        assertThat(SourceOffsets.customer("c1").keySet()).containsExactly("stream", "customer_id");
        assertThat(SourceOffsets.costs("c1").keySet()).containsExactly("stream", "customer_id");
        assertThat(SourceOffsets.billableMetric("c1", "m1").keySet())
                .containsExactly("stream", "customer_id", "billable_metric_id");
    }

    @Test
    void customersCursorRoundTripsThroughItsOffset() {
        CustomersCursor page3 = CustomersCursor.initial().nextPage("abc");
        assertThat(CustomersCursor.fromOffset(page3.toOffset())).isEqualTo(page3);

        CustomersCursor archived = page3.queryDone(1, Instant.EPOCH);
        assertThat(archived.phase()).isEqualTo(CustomersCursor.Phase.ARCHIVED);
        assertThat(archived.snapshot()).isTrue();
        CustomersCursor done = archived.queryDone(1, Instant.ofEpochMilli(1234));
        assertThat(CustomersCursor.fromOffset(done.toOffset())).isEqualTo(done);
        assertThat(done.snapshot()).isFalse();
        assertThat(CustomersCursor.fromOffset(null)).isEqualTo(CustomersCursor.initial());
        assertThat(page3.toOffset()).as("an offset without a selection is as before").doesNotContainKey("query");
    }

    @Test
    void customersCursorRunsEachQueryOfTheSelectionInEachPhase() {
        CustomersCursor second = CustomersCursor.initial().nextPage("p2").queryDone(3, Instant.EPOCH);
        assertThat(second).isEqualTo(new CustomersCursor(CustomersCursor.Phase.ACTIVE, 1, null, true, null));
        CustomersCursor third = second.nextPage("x").queryDone(3, Instant.EPOCH);
        assertThat(third.query()).isEqualTo(2);
        assertThat(CustomersCursor.fromOffset(third.nextPage("y").toOffset())).isEqualTo(third.nextPage("y"));
        assertThat(third.toOffset()).containsEntry("query", 2);

        CustomersCursor archived = third.queryDone(3, Instant.EPOCH);
        assertThat(archived).isEqualTo(new CustomersCursor(CustomersCursor.Phase.ARCHIVED, 0, null, true, null));
        CustomersCursor done = archived.queryDone(3, Instant.EPOCH).queryDone(3, Instant.EPOCH)
                .queryDone(3, Instant.ofEpochMilli(7));
        assertThat(done).isEqualTo(new CustomersCursor(CustomersCursor.Phase.DONE, 0, null, false,
                Instant.ofEpochMilli(7)));
        assertThat(third.nextPage("y").phaseRestarted())
                .isEqualTo(new CustomersCursor(CustomersCursor.Phase.ACTIVE, 0, null, true, null));
    }

    @Test
    void costsWatermarkRoundTripsAndPrunes() {
        TreeMap<String, Long> hashes = new TreeMap<>();
        hashes.put("2024-05-01/usd", -5L);
        hashes.put("2024-05-03/usd", 7L);
        CostsWatermark watermark = new CostsWatermark(LocalDate.parse("2024-05-02"), hashes);

        assertThat(CostsWatermark.fromOffset(watermark.toOffset())).isEqualTo(watermark);
        assertThat(watermark.prunedBefore(LocalDate.parse("2024-05-02")).hashes()).containsOnlyKeys("2024-05-03/usd");
        assertThat(CostsWatermark.fromOffset(null)).isEqualTo(CostsWatermark.initial());
    }

    @Test
    void alterOffsetsAcceptsResetsAndWellFormedOffsetsOfEveryShape() {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(SourceOffsets.customersScan(), null);
        offsets.put(SourceOffsets.customer("c1"), Map.of("hash", 12L));
        offsets.put(SourceOffsets.costs("c1"), Map.of("watermark", "2024-01-31", "hashes", ""));
        offsets.put(SourceOffsets.costs("c2"), null);
        offsets.put(SourceOffsets.billableMetric("c1", "m1"), null);
        offsets.put(SourceOffsets.invoices("c1"), Map.of("watermark", "2024-07-01T00:00:00Z", "emitted", "i1;i2",
                "drafts", "i3=-4"));
        offsets.put(SourceOffsets.invoices("c2"), null);

        assertThat(connector.alterOffsets(Map.of(), offsets)).isTrue();
    }

    @Test
    void alterOffsetsRejectsUnknownShapesAndBadFieldsNamingThem() {
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(), Map.of(Map.of("stream", "contracts"), Map.of())))
                .isInstanceOf(ConnectException.class).hasMessageContaining("unknown stream 'contracts'");
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(),
                Map.of(Map.of("stream", "costs"), Map.of("watermark", "2024-01-01"))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("not one this connector writes");
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(),
                Map.of(SourceOffsets.costs("c1"), Map.of("watermark", "yesterday"))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'watermark' must be a date");
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(),
                Map.of(SourceOffsets.customer("c1"), Map.of("hash", "abc"))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'hash' must be a 64-bit integer");
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(),
                Map.of(SourceOffsets.customersScan(), Map.of("phase", "halfway"))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'phase' must be active, archived or done");
        for (Object query : List.of(-1, 1.5, "2")) {
            assertThatThrownBy(() -> connector.alterOffsets(Map.of(),
                    Map.of(SourceOffsets.customersScan(), Map.of("phase", "active", "query", query))))
                    .as("query %s", query).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("'query' must be a whole number, 0 or more");
        }
        assertThat(connector.alterOffsets(Map.of(),
                Map.of(SourceOffsets.customersScan(), Map.of("phase", "archived", "query", 3)))).isTrue();
    }

    @Test
    void invoicesPositionRoundTripsAndAlterOffsetsValidatesItsShape() {
        TreeSet<String> emitted = new TreeSet<>(List.of("inv-1", "odd;id=x"));
        TreeMap<String, Long> drafts = new TreeMap<>(Map.of("inv-3", -9L));
        InvoicesPosition position = new InvoicesPosition(Instant.parse("2024-07-01T00:00:00Z"), emitted, drafts);
        assertThat(InvoicesPosition.fromOffset(position.toOffset())).isEqualTo(position);
        assertThat(InvoicesPosition.fromOffset(null, Instant.parse("2024-01-01T00:00:00Z")))
                .isEqualTo(InvoicesPosition.initial(Instant.parse("2024-01-01T00:00:00Z")));

        assertThatThrownBy(() -> connector.alterOffsets(Map.of(),
                Map.of(Map.of("stream", "invoices"), Map.of("watermark", "2024-07-01T00:00:00Z"))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("{stream=invoices, customer_id}");
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(),
                Map.of(SourceOffsets.invoices("c1"), Map.of("watermark", "2024-07-01"))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'watermark' must be an RFC 3339");
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(),
                Map.of(SourceOffsets.invoices("c1"), Map.of("drafts", "inv-3"))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'drafts' must be 'invoice_id=hash'");
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(),
                Map.of(SourceOffsets.invoices("c1"), Map.of("emitted", 5))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("must be text");
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("customer_id", "c1");
        reordered.put("stream", "invoices");
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(reordered, null);
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(), offsets))
                .isInstanceOf(ConnectException.class).hasMessageContaining("in the order stream, customer_id");
    }

    /** The finished mark of an archived customer: optional (older offsets lack it), and a boolean. */
    @Test
    void invoicesPositionFinishedIsOptionalAndValidated() {
        InvoicesPosition finished = new InvoicesPosition(Instant.parse("2024-07-01T00:00:00Z"), new TreeSet<>(),
                new TreeMap<>(), true);
        assertThat(finished.toOffset()).containsEntry("finished", true);
        assertThat(InvoicesPosition.fromOffset(finished.toOffset())).isEqualTo(finished);
        assertThat(new InvoicesPosition(null, new TreeSet<>(), new TreeMap<>()).toOffset())
                .as("an active customer's offset keeps the shape it had").doesNotContainKey("finished");
        Map<String, Object> older = new HashMap<>();
        older.put("watermark", "2024-07-01T00:00:00Z");
        older.put("emitted", "inv-1");
        older.put("drafts", "");
        assertThat(InvoicesPosition.fromOffset(older).finished()).as("an offset written before the field").isFalse();

        assertThat(connector.alterOffsets(Map.of(), Map.of(SourceOffsets.invoices("c1"),
                Map.of("watermark", "2024-07-01T00:00:00Z", "emitted", "", "drafts", "", "finished", true)))).isTrue();
        assertThat(connector.alterOffsets(Map.of(), Map.of(SourceOffsets.invoices("c1"), older))).isTrue();
        assertThatThrownBy(() -> connector.alterOffsets(Map.of(),
                Map.of(SourceOffsets.invoices("c1"), Map.of("finished", "yes"))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'finished' must be true, false or absent");
    }

    /** A PATCH listing the fields in another order would write a key no task reads: refused, not lost. */
    @Test
    void alterOffsetsRefusesPartitionFieldsInAnotherOrderThanTheConnectorWrites() {
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("customer_id", "c1");
        reordered.put("stream", "costs");
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(reordered, null);

        assertThatThrownBy(() -> connector.alterOffsets(Map.of(), offsets))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("must list its fields in the order stream, customer_id");
    }

    @Test
    void shardIsStableAndSpreadsCustomersOverTasks() {
        int[] perTask = new int[3];
        for (int i = 0; i < 3000; i++) {
            perTask[CustomerShard.of("customer-" + i, 3)]++;
        }
        for (int n : perTask) {
            assertThat(n).isBetween(850, 1150);
        }
        // Pinned, computed once: these must never change. Each task reads and writes the offsets of the customers
        // its shard owns, so a shard that moved (another hash, another JVM) would re-send or skip their data.
        assertThat(CustomerShard.of("8deed800-1b7a-495d-a207-6c52bac54dc9", 3)).isEqualTo(0);
        assertThat(CustomerShard.of("90a5663b-7fa9-488b-a0e8-890e2e8c3947", 3)).isEqualTo(1);
        assertThat(CustomerShard.of("customer-2", 3)).isEqualTo(2);
        assertThat(CustomerShard.of("0997cd82-86fa-4087-a3e7-28ffbf832882", 3)).isEqualTo(0);
        assertThat(CustomerShard.of("0997cd82-86fa-4087-a3e7-28ffbf832882", 7)).isEqualTo(5);
        assertThat(CustomerShard.of("customer-1", 7)).isEqualTo(3);
        List<CustomerShard> shards = List.of(new CustomerShard(0, 3), new CustomerShard(1, 3), new CustomerShard(2, 3));
        assertThat(shards.stream().filter(s -> s.owns("x")).count()).isEqualTo(1);
    }
}
