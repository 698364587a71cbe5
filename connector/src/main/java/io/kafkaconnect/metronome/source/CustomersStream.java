package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.client.MetronomeApiException;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.model.CustomerDetail;
import io.kafkaconnect.metronome.client.model.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the customers list into the customers topic, one page per step, emitting only customers whose content
 * changed since they were last emitted.
 *
 * <p>Each customer record carries its content hash as the offset of its own source partition, so change detection
 * survives restarts; in memory the task keeps just id hash → content hash ({@link EmittedHashes}) and reads a
 * stored hash, one batch per page, the first time it meets a customer. The scan position is the offset of
 * {@code {"stream":"customers"}}, carried by one small progress record per page (Connect stores offsets only for
 * records it sends, and a page without changes has no data record). Should a data record fail to send after its
 * page's progress was stored, the next scan emits that customer, as its stored hash is then stale.
 */
final class CustomersStream implements SourceStream {

    private static final Logger log = LoggerFactory.getLogger(CustomersStream.class);

    private final MetronomeClient client;
    private final OffsetStorageReader offsets;
    private final CustomerRecords records;
    private final String topic;
    private final String progressTopic;
    private final int pageSize;
    private final boolean tombstones;
    private final Duration pollInterval;
    private final CustomerSelection selection;
    private final SelectionCoverage coverage;
    private final EmittedHashes emitted = new EmittedHashes();
    private CustomersCursor cursor;
    /** Id of the scan under way (a new one after a restart, as the scan's pages may then be read again). */
    private String scanId = RecordMetadata.newScanId();

    CustomersStream(MetronomeSourceConfig config, MetronomeClient client, OffsetStorageReader offsets,
                    CustomerRecords records) {
        this.client = client;
        this.offsets = offsets;
        this.records = records;
        this.topic = config.topic(SourceStreamName.CUSTOMERS);
        this.progressTopic = config.progressTopic();
        this.pageSize = config.customersPageSize();
        this.tombstones = config.archivedTombstones();
        this.pollInterval = config.pollInterval();
        this.selection = CustomerSelection.of(config);
        CustomersCursor stored = CustomersCursor.fromOffset(offsets.offset(SourceOffsets.customersScan()));
        if (stored.query() >= selection.queryCount()) {
            log.info("the stored customers scan position is in query {}, but {} has {}: restarting the phase",
                    stored.query() + 1, selection, selection.queryCount());
            stored = stored.phaseRestarted();
        }
        this.cursor = stored;
        this.coverage = new SelectionCoverage(selection, cursor.phase() == CustomersCursor.Phase.DONE
                || cursor.phase() == CustomersCursor.Phase.ACTIVE && cursor.query() == 0 && cursor.cursor() == null);
        log.info("customers scan of {} starts at {}", selection, describe(cursor));
    }

    @Override
    public Instant nextDue() {
        return cursor.phase() == CustomersCursor.Phase.DONE ? cursor.completedAt().plus(pollInterval) : Instant.MIN;
    }

    @Override
    public List<SourceRecord> poll(Instant now) {
        if (cursor.phase() == CustomersCursor.Phase.DONE) {
            if (now.isBefore(nextDue())) {
                return List.of();
            }
            cursor = cursor.nextScan();
            scanId = RecordMetadata.newScanId();
        }
        Page<CustomerDetail> page;
        try {
            page = client.listCustomers(
                    selection.query(cursor.query(), pageSize, cursor.cursor(), cursor.onlyArchived()));
        } catch (MetronomeApiException.BadRequestException e) {
            if (cursor.cursor() == null) {
                throw e;
            }
            // a stored cursor may have expired: lose the position, not data (unchanged customers are not re-sent)
            log.warn("Metronome refused the stored customers cursor ({}); restarting the current list query of the "
                    + "{} phase of the scan", e.apiMessage(), cursor.phase());
            cursor = cursor.nextPage(null);
            return List.of();
        }
        List<SourceRecord> out = new ArrayList<>(page.data().size() + 1);
        emitChanged(page.data(), now, out);
        cursor = page.isLast() ? cursor.queryDone(selection.queryCount(), now) : cursor.nextPage(page.nextPage());
        out.add(new SourceRecord(SourceOffsets.customersScan(), cursor.toOffset(), progressTopic, null,
                Schema.STRING_SCHEMA, SourceStreamName.CUSTOMERS.id(), Schema.STRING_SCHEMA, describe(cursor)));
        if (cursor.phase() == CustomersCursor.Phase.DONE) {
            coverage.scanDone();
            log.info("customers scan complete; {} customers tracked; next scan in {}", emitted.size(), pollInterval);
        }
        return out;
    }

    private void emitChanged(List<CustomerDetail> customers, Instant readAt, List<SourceRecord> out) {
        if (!cursor.snapshot()) {
            loadStoredHashes(customers);
        }
        for (CustomerDetail customer : customers) {
            long hash = ContentHash.of(customer);
            // a snapshot emits each customer once per scan whatever was stored; met again (listed by two queries
            // of the selection), it is emitted only if it changed
            boolean emitAnyway = coverage.firstSighting(customer) && cursor.snapshot();
            if (!emitAnyway && !emitted.changed(customer.id(), hash)) {
                continue;
            }
            emitted.put(customer.id(), hash);
            Map<String, String> partition = SourceOffsets.customer(customer.id());
            Map<String, Object> offset = SourceOffsets.hashOffset(hash);
            Long timestamp = RecordMetadata.timestamp(customer.updatedAt(), readAt);
            out.add(new SourceRecord(partition, offset, topic, null, records.keySchema(), records.key(customer.id()),
                    records.valueSchema(), records.value(customer), timestamp,
                    RecordMetadata.headers(SourceStreamName.CUSTOMERS, scanId)));
            if (tombstones && customer.archivedAt() != null) {
                out.add(new SourceRecord(partition, offset, topic, null, records.keySchema(),
                        records.key(customer.id()), null, null, timestamp,
                        RecordMetadata.headers(SourceStreamName.CUSTOMERS, scanId)));
            }
        }
    }

    /** Reads, in one batch, the stored hash of each customer this task has not met since it started. */
    private void loadStoredHashes(List<CustomerDetail> customers) {
        List<Map<String, String>> unknown = customers.stream()
                .filter(c -> !emitted.contains(c.id()))
                .map(c -> SourceOffsets.customer(c.id()))
                .toList();
        if (unknown.isEmpty()) {
            return;
        }
        offsets.offsets(unknown).forEach((partition, offset) -> {
            Long hash = SourceOffsets.hashOf(offset);
            if (hash != null) {
                emitted.put(partition.get(SourceOffsets.CUSTOMER_ID).toString(), hash);
            }
        });
    }

    private static String describe(CustomersCursor cursor) {
        return switch (cursor.phase()) {
            case DONE -> "scan completed at " + cursor.completedAt();
            case ACTIVE, ARCHIVED -> (cursor.snapshot() ? "snapshot, " : "") + cursor.phase().name().toLowerCase()
                    + " customers, " + (cursor.query() > 0 ? "query " + (cursor.query() + 1) + ", " : "")
                    + (cursor.cursor() == null ? "first page" : "page " + cursor.cursor());
        };
    }

}
