package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.model.CustomerDetail;
import io.kafkaconnect.metronome.client.model.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's rounds over its shard of the active customers: lists customers page by page (each query of the
 * {@link CustomerSelection} in turn), keeps the ids this task owns ({@link CustomerShard}) and feeds them, a few per
 * step, to the per-customer streams. When a stream {@link PerCustomerStream#readsArchived() reads archived
 * customers}, the round then lists the archived ones the same way ({@code only_archived=true}) and feeds them to
 * those streams only; the active customers' part of the round is the same either way. The scan rests for the
 * poll interval after each complete round. The list position is not stored: after a restart the round starts over,
 * which costs list calls but no duplicate records, since each stream's own offsets say what was emitted.
 */
final class ShardScan implements SourceStream {

    private static final Logger log = LoggerFactory.getLogger(ShardScan.class);
    /** Customers per step: keeps one poll() around a second at ~20 ms per API call. */
    static final int CUSTOMERS_PER_STEP = 10;

    private final MetronomeClient client;
    private final CustomerShard shard;
    private final CustomerSelection selection;
    private final List<PerCustomerStream> streams;
    private final int pageSize;
    private final Duration pollInterval;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    /** Ids queued this round, kept only when two queries may list one customer (by id and by Salesforce account). */
    private final Set<String> queuedInRound = new HashSet<>();
    /** Whether any stream reads archived customers: the round then has an archived phase. */
    private final boolean listArchived;
    /** Whether the list position is in the archived phase, and whether the queued ids were listed in it. */
    private boolean archivedPhase;
    private boolean queueArchived;
    private int query;
    private String nextPage;
    private boolean listedAll;
    private Instant restUntil = Instant.MIN;
    private int processedInRound;
    private String roundId = RecordMetadata.newScanId();

    ShardScan(MetronomeClient client, CustomerShard shard, CustomerSelection selection, List<PerCustomerStream> streams,
              int pageSize, Duration pollInterval) {
        this.client = client;
        this.shard = shard;
        this.selection = selection;
        this.streams = streams;
        this.pageSize = pageSize;
        this.pollInterval = pollInterval;
        this.listArchived = streams.stream().anyMatch(PerCustomerStream::readsArchived);
    }

    @Override
    public Instant nextDue() {
        return restUntil;
    }

    @Override
    public List<SourceRecord> poll(Instant now) {
        if (now.isBefore(restUntil)) {
            return List.of();
        }
        if (queue.isEmpty()) {
            if (listedAll) {
                log.debug("task {} of {}: round over {} customers done", shard.index(), shard.count(), processedInRound);
                listedAll = false;
                processedInRound = 0;
                queuedInRound.clear();
                restUntil = now.plus(pollInterval);
                roundId = RecordMetadata.newScanId();
                return List.of();
            }
            Page<CustomerDetail> page = client.listCustomers(selection.query(query, pageSize, nextPage,
                    archivedPhase));
            queueArchived = archivedPhase;
            page.data().stream().map(CustomerDetail::id).filter(shard::owns)
                    .filter(id -> !selection.mayRepeat() || queuedInRound.add(id))
                    .forEach(queue::add);
            nextPage = page.isLast() ? null : page.nextPage();
            if (page.isLast()) {
                query = (query + 1) % selection.queryCount();
                if (query == 0 && listArchived && !archivedPhase) {
                    archivedPhase = true;
                    queuedInRound.clear(); // a customer archived since its active listing is due once more
                } else if (query == 0) {
                    archivedPhase = false;
                    listedAll = true;
                }
            }
        }
        List<String> batch = queue.stream().limit(CUSTOMERS_PER_STEP).toList();
        List<PerCustomerStream.Staged> staged = new ArrayList<>(streams.size());
        for (PerCustomerStream stream : streams) {
            // may throw: the batch stays queued and is redone
            if (!queueArchived) {
                staged.add(stream.process(batch, now, roundId));
            } else if (stream.readsArchived()) {
                staged.add(stream.processArchived(batch, now, roundId));
            }
        }
        List<SourceRecord> out = new ArrayList<>();
        for (PerCustomerStream.Staged step : staged) {
            step.commit().run();
            out.addAll(step.records());
        }
        batch.forEach(id -> queue.poll());
        processedInRound += batch.size();
        return out;
    }
}
