package io.kafkaconnect.metronome.source;

import static io.kafkaconnect.metronome.client.MetronomeRequests.archiveCustomer;
import static io.kafkaconnect.metronome.client.MetronomeRequests.retrieveInvoice;
import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.model.Invoice;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the invoices stream emits, and when, against the emulator's monthly invoices across month ends. */
class InvoicesStreamTest {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final MetronomeClient client = EMULATOR.client();
    private final InMemoryOffsets offsets = new InMemoryOffsets();
    private ApiCallsCustomer customer;
    private String customerId;

    @BeforeEach
    void customerWithAPlan() {
        emulator.setNow(Instant.parse("2024-06-15T12:00:00Z"));
        customer = ApiCallsCustomer.create(client, "acme");
        customerId = customer.id();
        emulator.setExactRates(customerId, Map.of(customer.metricId(), new BigDecimal("0.10000000000000001")));
    }

    @Test
    void emitsEachClosedInvoiceOnceWithItsLineItemsAndNoDraftsByDefault() {
        customer.usage("2024-06-02T00:00:00Z", 3);
        InvoicesStream stream = stream(false);
        assertThat(visit(stream)).as("June is a draft: nothing, not even progress").isEmpty();

        emulator.setNow(Instant.parse("2024-07-02T00:00:00Z"));
        List<SourceRecord> closed = visit(stream);
        assertThat(invoices(closed)).singleElement().satisfies(record -> {
            Struct value = (Struct) record.value();
            assertThat(value.getString("status")).isEqualTo("FINALIZED");
            assertThat(((Struct) record.key()).getString("id")).isEqualTo(value.getString("id"));
            Invoice answer = client.execute(retrieveInvoice(customerId, value.getString("id")));
            assertThat((BigDecimal) value.get("total")).isEqualByComparingTo(answer.total())
                    .isEqualByComparingTo("0.30000000000000003");
            assertThat(value.getInt32("line_item_count")).isEqualTo(answer.lineItems().size()).isEqualTo(1);
        });
        assertThat(lineItems(closed)).singleElement().satisfies(record -> {
            Struct value = (Struct) record.value();
            assertThat((BigDecimal) value.get("total")).isEqualByComparingTo("0.30000000000000003");
            assertThat((BigDecimal) value.get("quantity")).isEqualByComparingTo("3");
            assertThat(record.sourceOffset()).isEqualTo(invoices(closed).get(0).sourceOffset());
        });
        assertThat(closed).filteredOn(r -> r.topic().equals("metronome.progress")).as("watermark moved")
                .singleElement().satisfies(r -> assertThat(new HashMap<String, Object>(r.sourceOffset()))
                        .containsEntry("watermark", "2024-07-01T00:00:00Z").containsEntry("emitted", ""));

        customer.usage("2024-06-20T00:00:00Z", 5); // late usage: the finalized invoice stays as it was
        customer.usage("2024-07-01T10:00:00Z", 1);
        assertThat(visit(stream)).isEmpty();
        assertThat(visit(stream(false))).as("restarted from the offsets").isEmpty();
    }

    @Test
    void withDraftsADraftIsEmittedWhenItChangesAndOnceMoreWhenFinalized() {
        customer.usage("2024-06-02T00:00:00Z", 3);
        InvoicesStream stream = stream(true);
        List<SourceRecord> first = invoices(visit(stream));
        assertThat(first).extracting(InvoicesStreamTest::statusAndTotal).containsExactly("DRAFT 0.30000000000000003");
        assertThat(visit(stream)).as("unchanged draft").isEmpty();
        assertThat(visit(stream(true))).as("unchanged draft after a restart").isEmpty();

        customer.usage("2024-06-03T00:00:00Z", 1);
        assertThat(invoices(visit(stream))).extracting(InvoicesStreamTest::statusAndTotal)
                .containsExactly("DRAFT 0.40000000000000004");

        emulator.setNow(Instant.parse("2024-07-02T00:00:00Z"));
        List<SourceRecord> closing = invoices(visit(stream));
        assertThat(closing).extracting(InvoicesStreamTest::statusAndTotal)
                .containsExactly("FINALIZED 0.40000000000000004", "DRAFT 0");
        assertThat(id(closing.get(0))).isEqualTo(id(first.get(0)));
        assertThat(visit(stream)).isEmpty();
    }

    @Test
    void aRestartAfterPartOfAVisitResumesAfterTheLastCommittedInvoice() {
        customer.usage("2024-06-02T00:00:00Z", 3);
        emulator.setNow(Instant.parse("2024-07-02T12:00:00Z")); // ingest takes no usage more than a day ahead
        customer.usage("2024-07-02T00:00:00Z", 2);
        emulator.setNow(Instant.parse("2024-08-05T00:00:00Z"));
        PerCustomerStream.Staged staged = stream(false).process(List.of(customerId), emulator.now());
        List<SourceRecord> june = invoices(staged.records()).subList(0, 1);
        assertThat(invoices(staged.records())).hasSize(2);
        // the worker died after June and its line item were written and their offset committed
        offsets.commit(staged.records().subList(0, staged.records().indexOf(june.get(0)) + 2));

        List<SourceRecord> resumed = visit(stream(false));
        assertThat(invoices(resumed)).extracting(InvoicesStreamTest::statusAndTotal)
                .containsExactly("FINALIZED 0.20000000000000002");
        assertThat(visit(stream(false))).isEmpty();
    }

    @Test
    void invoicesStartDateSkipsEarlierPeriodsOfANewCustomer() {
        customer.usage("2024-06-02T00:00:00Z", 3);
        emulator.setNow(Instant.parse("2024-08-05T00:00:00Z"));
        Map<String, String> props = props(false);
        props.put("invoices.start.date", "2024-07-01");
        InvoicesStream stream = new InvoicesStream(new MetronomeSourceConfig(props), client, offsets,
                new InvoiceRecords());
        List<SourceRecord> records = stream.process(List.of(customerId), emulator.now()).records();
        assertThat(invoices(records)).extracting(r -> ((Struct) r.value()).get("start_timestamp").toString())
                .hasSize(1).allMatch(start -> !start.contains("Jun"));
    }

    @Test
    void anArchivedCustomersVoidedMonthIsEmittedOnceThenTheCustomerIsSkippedWithoutARequest() {
        customer.usage("2024-06-02T00:00:00Z", 3);
        InvoicesStream stream = stream(true);
        List<SourceRecord> draft = invoices(visit(stream));
        assertThat(draft).extracting(InvoicesStreamTest::statusAndTotal).containsExactly("DRAFT 0.30000000000000003");

        client.execute(archiveCustomer(customerId, null)); // voids the open June
        List<SourceRecord> voided = visitArchived(stream);
        assertThat(invoices(voided)).singleElement().satisfies(record -> {
            assertThat(statusAndTotal(record)).isEqualTo("VOID 0.30000000000000003");
            assertThat(id(record)).as("the draft's row is overwritten").isEqualTo(id(draft.get(0)));
            Invoice answer = client.execute(retrieveInvoice(customerId, id(record)));
            assertThat(answer.status()).isEqualTo("VOID");
            assertThat((BigDecimal) ((Struct) record.value()).get("total")).isEqualByComparingTo(answer.total());
        });
        assertThat(lineItems(voided)).hasSize(1);
        assertThat(new HashMap<String, Object>(voided.get(voided.size() - 1).sourceOffset())).as("the last record marks the customer finished")
                .containsEntry("finished", true);

        emulator.resetRequestCounts();
        assertThat(visitArchived(stream)).isEmpty();
        assertThat(visitArchived(stream(true))).as("restarted from the offsets").isEmpty();
        emulator.setNow(Instant.parse("2024-08-05T00:00:00Z"));
        assertThat(visitArchived(stream(true))).as("months after the archive bill nothing").isEmpty();
        assertThat(emulator.requestCounts()).as("a finished customer costs no request")
                .doesNotContainKey("GET /v1/customers/{customer_id}/invoices");
    }

    @Test
    void aCustomerArchivedBeforeItWasFirstVisitedGetsItsClosedInvoicesOnce() {
        customer.usage("2024-06-02T00:00:00Z", 3);
        emulator.setNow(Instant.parse("2024-07-10T00:00:00Z"));
        customer.usage("2024-07-02T00:00:00Z", 2);
        client.execute(archiveCustomer(customerId, null)); // June finalized, the open July voided

        List<SourceRecord> records = visitArchived(stream(false));
        assertThat(invoices(records)).extracting(InvoicesStreamTest::statusAndTotal)
                .containsExactly("FINALIZED 0.30000000000000003", "VOID 0.20000000000000002");
        assertThat(new HashMap<String, Object>(records.get(records.size() - 1).sourceOffset())).containsEntry("finished", true);
        emulator.resetRequestCounts();
        assertThat(visitArchived(stream(false))).isEmpty();
        assertThat(emulator.requestCounts()).doesNotContainKey("GET /v1/customers/{customer_id}/invoices");
    }

    @Test
    void anArchivedCustomerWithAnOpenInvoiceIsVisitedAgainUntilItCloses() {
        customer.usage("2024-06-02T00:00:00Z", 3);
        InvoicesStream stream = stream(false);
        // an active customer's visit never finishes it, even with every invoice closed
        emulator.setNow(Instant.parse("2024-07-02T00:00:00Z"));
        List<SourceRecord> active = visit(stream);
        assertThat(active.get(active.size() - 1).sourceOffset()).doesNotContainKey("finished");
        // a draft the archived customer still lists (Metronome may leave one): the visit does not finish it
        assertThat(visitArchived(stream)).isEmpty();
        emulator.resetRequestCounts();
        assertThat(visitArchived(stream)).isEmpty();
        assertThat(emulator.requestCounts()).containsEntry("GET /v1/customers/{customer_id}/invoices", 1L);
    }

    private static String statusAndTotal(SourceRecord record) {
        Struct value = (Struct) record.value();
        return value.getString("status") + " " + ((BigDecimal) value.get("total")).stripTrailingZeros().toPlainString();
    }

    private static String id(SourceRecord record) {
        return ((Struct) record.key()).getString("id");
    }

    private static List<SourceRecord> invoices(List<SourceRecord> records) {
        return records.stream().filter(r -> r.topic().equals("metronome.invoices")).toList();
    }

    private static List<SourceRecord> lineItems(List<SourceRecord> records) {
        return records.stream().filter(r -> r.topic().equals("metronome.invoice_line_items")).toList();
    }

    private Map<String, String> props(boolean drafts) {
        Map<String, String> props = new HashMap<>();
        props.put("metronome.api.token", "dev-token");
        props.put("invoices.include.drafts", String.valueOf(drafts));
        return props;
    }

    private InvoicesStream stream(boolean drafts) {
        return new InvoicesStream(new MetronomeSourceConfig(props(drafts)), client, offsets, new InvoiceRecords());
    }

    /** One visit of {@code stream} to the customer as an archived one, committed into the offsets. */
    private List<SourceRecord> visitArchived(InvoicesStream stream) {
        PerCustomerStream.Staged staged = stream.processArchived(List.of(customerId), emulator.now(), "scan");
        staged.commit().run();
        offsets.commit(staged.records());
        return staged.records();
    }

    private List<SourceRecord> visit(InvoicesStream stream) {
        return customer.visit(stream, emulator.now(), offsets);
    }
}
