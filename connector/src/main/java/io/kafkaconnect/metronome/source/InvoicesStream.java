package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.client.MetronomeApiException;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.model.Invoice;
import io.kafkaconnect.metronome.client.model.Page;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Copies each customer's invoices ({@code GET /v1/customers/{id}/invoices}, oldest period first) into the invoices
 * topic, each followed by its line items on the invoice line items topic.
 *
 * <p>A closed invoice (FINALIZED or VOID: Metronome no longer changes its amounts) is emitted once, keyed by its
 * id. A draft is emitted only with {@code invoices.include.drafts=true}, and again only when its content changes;
 * once finalized it is emitted once more, as FINALIZED. Per customer, an {@link InvoicesPosition} (the offset of
 * {@code {"stream":"invoices","customer_id":id}}) says what was emitted: each visit lists the periods starting at
 * or after its watermark (one request per customer while nothing closed: the current month's drafts).
 *
 * <p>Archived customers are visited too, since archiving voids the open months' invoices (metronome-api.md): until a
 * visit finds every invoice of the customer closed and emitted, then its position is marked finished and later
 * scans skip it without a request (an archived customer gets no new invoices: see {@link InvoicesPosition}).
 */
final class InvoicesStream implements PerCustomerStream {

    /** Invoices per list request: the most Metronome allows. */
    static final int PAGE_SIZE = 100;

    private final MetronomeClient client;
    private final OffsetStorageReader offsets;
    private final InvoiceRecords records;
    private final String topic;
    private final String lineItemsTopic;
    private final String progressTopic;
    private final boolean includeDrafts;
    private final Instant startingOn;
    private final Map<String, InvoicesPosition> positions = new HashMap<>();

    InvoicesStream(MetronomeSourceConfig config, MetronomeClient client, OffsetStorageReader offsets,
                   InvoiceRecords records) {
        this.client = client;
        this.offsets = offsets;
        this.records = records;
        this.topic = config.topic(SourceStreamName.INVOICES);
        this.lineItemsTopic = config.invoiceLineItemsTopic();
        this.progressTopic = config.progressTopic();
        this.includeDrafts = config.invoicesIncludeDrafts();
        this.startingOn = config.invoicesStartDate().map(day -> day.atStartOfDay(ZoneOffset.UTC).toInstant())
                .orElse(null);
    }

    @Override
    public Staged process(List<String> customerIds, Instant now, String scanId) {
        return visit(customerIds, now, scanId, false);
    }

    @Override
    public boolean readsArchived() {
        return true;
    }

    @Override
    public Staged processArchived(List<String> customerIds, Instant now, String scanId) {
        return visit(customerIds, now, scanId, true);
    }

    private Staged visit(List<String> customerIds, Instant now, String scanId, boolean archived) {
        Map<String, InvoicesPosition> known = loadPositions(customerIds);
        Map<String, InvoicesPosition> visited = new HashMap<>();
        List<SourceRecord> out = new ArrayList<>();
        for (String customerId : customerIds) {
            List<Invoice> invoices;
            InvoicesPosition before = known.get(customerId);
            if (archived && before.finished()) {
                continue; // every invoice closed and emitted: nothing can change any more
            }
            try {
                invoices = fetch(customerId, before.watermark());
            } catch (MetronomeApiException.NotFoundException e) {
                continue; // the customer disappeared between the list and this read
            }
            Visit visit = new Visit(customerId, before, now, scanId, archived);
            invoices.forEach(visit::invoice);
            out.addAll(visit.finish());
            visited.put(customerId, visit.after);
        }
        return new Staged(out, () -> positions.putAll(visited));
    }

    /**
     * One customer's records, in the order listed. Every record carries the position as it stands once the record
     * is written (the invoice's line items the same as the invoice), so a restart resumes right after it.
     */
    private final class Visit {
        private final String customerId;
        private final Instant now;
        private final String scanId;
        private final boolean archived;
        private final Instant watermark;
        private final TreeSet<String> emitted;
        private final TreeMap<String, Long> drafts;
        /** What the visit saw: closed invoices by id with their period, and the earliest open period's start. */
        private final Map<String, Invoice> closedSeen = new HashMap<>();
        private final TreeMap<String, Long> draftsSeen = new TreeMap<>();
        private Instant firstOpenStart;
        private boolean openSeen;
        private final List<SourceRecord> out = new ArrayList<>();
        private InvoicesPosition lastStored;
        private InvoicesPosition after;

        Visit(String customerId, InvoicesPosition before, Instant now, String scanId, boolean archived) {
            this.customerId = customerId;
            this.now = now;
            this.scanId = scanId;
            this.archived = archived;
            this.watermark = before.watermark();
            this.emitted = new TreeSet<>(before.emitted());
            this.drafts = new TreeMap<>(before.drafts());
            this.lastStored = before;
        }

        void invoice(Invoice invoice) {
            if (invoice.isDraft()) {
                openSeen = true;
                if (invoice.startTimestamp() != null
                        && (firstOpenStart == null || invoice.startTimestamp().isBefore(firstOpenStart))) {
                    firstOpenStart = invoice.startTimestamp();
                }
                if (includeDrafts) {
                    long hash = ContentHash.of(invoice);
                    draftsSeen.put(invoice.id(), hash);
                    Long stored = drafts.get(invoice.id());
                    if (stored == null || stored != hash) {
                        drafts.put(invoice.id(), hash);
                        emit(invoice);
                    }
                }
                return;
            }
            closedSeen.put(invoice.id(), invoice);
            drafts.remove(invoice.id());
            if (emitted.add(invoice.id())) {
                emit(invoice);
            }
        }

        private void emit(Invoice invoice) {
            lastStored = new InvoicesPosition(watermark, new TreeSet<>(emitted), new TreeMap<>(drafts));
            Map<String, Object> offset = lastStored.toOffset();
            out.add(record(offset, topic, records.keySchema(), records.key(invoice), records.valueSchema(),
                    records.value(customerId, invoice)));
            // same offset and batch as the invoice: committed only once its line items are written too
            for (InvoiceRecords.LineItem item : records.lineItems(customerId, invoice)) {
                out.add(record(offset, lineItemsTopic, records.lineItemKeySchema(), item.key(),
                        records.lineItemValueSchema(), item.value()));
            }
        }

        private SourceRecord record(Map<String, Object> offset, String topic, Schema keySchema, Object key,
                                    Schema valueSchema, Object value) {
            return new SourceRecord(SourceOffsets.invoices(customerId), offset, topic, null, keySchema, key,
                    valueSchema, value, RecordMetadata.timestamp(null, now),
                    RecordMetadata.headers(SourceStreamName.INVOICES, scanId));
        }

        /**
         * Moves the watermark to the end of the latest closed period that no open period precedes, forgets what
         * lies before it, and stores the result with a progress record when no data record carries it.
         */
        List<SourceRecord> finish() {
            Instant moved = watermark;
            for (Invoice closed : closedSeen.values()) {
                Instant end = closed.endTimestamp();
                if (end != null && (firstOpenStart == null || !end.isAfter(firstOpenStart))
                        && (moved == null || end.isAfter(moved))) {
                    moved = end;
                }
            }
            Instant newWatermark = moved;
            TreeSet<String> stillEmitted = new TreeSet<>();
            closedSeen.values().stream()
                    .filter(c -> newWatermark == null || c.startTimestamp() == null
                            || !c.startTimestamp().isBefore(newWatermark))
                    .forEach(c -> stillEmitted.add(c.id()));
            // an archived customer without an open period is done: the position's last record says so
            after = new InvoicesPosition(newWatermark, stillEmitted, includeDrafts ? draftsSeen : new TreeMap<>(),
                    archived && !openSeen);
            if (!after.equals(lastStored)) {
                out.add(new SourceRecord(SourceOffsets.invoices(customerId), after.toOffset(), progressTopic, null,
                        Schema.STRING_SCHEMA, SourceStreamName.INVOICES.id() + "/" + customerId, Schema.STRING_SCHEMA,
                        "watermark " + after.watermark() + (after.finished() ? ", finished" : "")));
            }
            return out;
        }
    }

    /** Every invoice of a period starting at or after {@code from} (null: all), oldest first. */
    private List<Invoice> fetch(String customerId, Instant from) {
        List<Invoice> invoices = new ArrayList<>();
        String nextPage = null;
        do {
            Page<Invoice> page = client.listInvoices(customerId, from, PAGE_SIZE, nextPage);
            invoices.addAll(page.data());
            nextPage = page.isLast() ? null : page.nextPage();
        } while (nextPage != null);
        return invoices;
    }

    private Map<String, InvoicesPosition> loadPositions(List<String> customerIds) {
        Map<String, InvoicesPosition> known = new HashMap<>();
        List<Map<String, String>> unknown = new ArrayList<>();
        for (String id : customerIds) {
            InvoicesPosition inMemory = positions.get(id);
            if (inMemory != null) {
                known.put(id, inMemory);
            } else {
                unknown.add(SourceOffsets.invoices(id));
            }
        }
        if (!unknown.isEmpty()) {
            Map<Map<String, String>, Map<String, Object>> stored = offsets.offsets(unknown);
            for (Map<String, String> partition : unknown) {
                known.put(partition.get(SourceOffsets.CUSTOMER_ID),
                        InvoicesPosition.fromOffset(stored.get(partition), startingOn));
            }
        }
        return known;
    }
}
