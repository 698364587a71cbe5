package io.kafkaconnect.metronome.usage;

import io.kafkaconnect.metronome.client.model.UsageEvent;
import io.kafkaconnect.metronome.metrics.UsageSinkTaskMetrics;
import io.kafkaconnect.metronome.sinkcommon.Backpressure;
import io.kafkaconnect.metronome.sinkcommon.DeadLetterReporter;
import io.kafkaconnect.metronome.sinkcommon.OffsetTracker;
import io.kafkaconnect.metronome.sinkcommon.TaskFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * The way of a usage record through the sink:
 * <ol>
 *   <li>{@link #put}: the record is parsed ({@link UsageEventParser}); a record it refuses goes to the dead-letter
 *       queue ({@link DeadLetterReporter}) with the reason, or, without one, fails the task.</li>
 *   <li>The events of one put() are cut into batches ({@link UsageBatch}) that wait in the {@link IngestQueue} and
 *       go to Metronome up to {@code usage.max.in.flight} at once ({@link IngestSender}: retries, bisecting).</li>
 *   <li>{@link OffsetTracker}: a record is done once Metronome acknowledged its event or the dead-letter queue has
 *       it; {@link #commit} commits offsets below which every record is done.</li>
 * </ol>
 * Delivery is at least once and ingestion exactly once: a record that comes again (a retry, a rebalance, a restart)
 * is the same event, with the same transaction_id, which Metronome ignores. {@link Backpressure} bounds the events
 * held. Everything but the sender's callbacks runs on the task thread.
 */
final class UsagePipeline implements IngestSender.Outcomes {

    private final UsageEventParser parser;
    private final int batchMaxEvents;
    private final ErrantRecordReporter reporter;
    private final OffsetTracker offsets = new OffsetTracker();
    private final TaskFailure failure = new TaskFailure();
    private final DeadLetterReporter deadLetters;
    private final IngestQueue queue;
    private final Backpressure backpressure;
    private final UsageSinkTaskMetrics metrics;

    /**
     * @param reporter Connect's dead-letter queue reporter, or null when the connector has none
     * @param sender   makes the sender of this pipeline's batches, given where their events end up
     */
    UsagePipeline(SinkTaskContext context, UsageEventParser parser, ErrantRecordReporter reporter,
                  Function<IngestSender.Outcomes, IngestSender> sender, UsageSinkTaskMetrics metrics,
                  int batchMaxEvents, int maxInFlight, int maxBufferedEvents) {
        this.parser = parser;
        this.metrics = metrics;
        this.batchMaxEvents = batchMaxEvents;
        this.reporter = reporter;
        this.deadLetters = new DeadLetterReporter(reporter, offsets);
        this.queue = new IngestQueue(sender.apply(this)::deliver, maxInFlight);
        this.backpressure = new Backpressure(context, queue, maxBufferedEvents, "usage events");
    }

    void put(Collection<SinkRecord> records) {
        failure.throwIfFailed();
        List<ParsedEvent> events = new ArrayList<>(records.size());
        for (SinkRecord record : records) {
            offsets.started(new TopicPartition(record.topic(), record.kafkaPartition()), record.kafkaOffset());
            UsageEvent event;
            try {
                event = parser.parse(record);
            } catch (UsageRejection rejection) {
                reject(record, rejection);
                continue;
            }
            events.add(ParsedEvent.of(record, event));
        }
        if (!events.isEmpty()) {
            for (UsageBatch batch : UsageBatch.of(events, batchMaxEvents)) {
                metrics.batchFormed(batch.size());
                queue.submit(batch);
            }
        }
        deadLetters.report();
        failure.throwIfFailed();
        backpressure.apply();
    }

    /**
     * Before Connect commits: waits until the dead-letter queue has every rejection handed to it, and returns the
     * offsets below which every record is done, or, for a partition with nothing in progress, Connect's own
     * position. A failed task commits nothing more.
     */
    Map<TopicPartition, OffsetAndMetadata> commit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        failure.throwIfFailed();
        deadLetters.report();
        deadLetters.awaitReported();
        Map<TopicPartition, OffsetAndMetadata> committable = offsets.committable(currentOffsets);
        backpressure.resumeIfDrained();
        return committable;
    }

    /**
     * Revoked partitions: their records' offsets are forgotten and their next owner gets them again. Their batches
     * still in flight are harmless: what they deliver again, Metronome ignores by transaction_id.
     */
    void close(Collection<TopicPartition> partitions) {
        offsets.forget(partitions);
    }

    /** The task stops: nothing more is sent. */
    void stop() {
        queue.stop();
    }

    /** Events held now, waiting or in flight. */
    int pendingEvents() {
        return queue.pending();
    }

    /** Ingest requests in flight now. */
    int requestsInFlight() {
        return queue.inFlight();
    }

    @Override
    public void acknowledged(UsageBatch batch) {
        batch.events().forEach(e -> offsets.finished(e.partition(), e.offset()));
        metrics.ingested(batch.size());
    }

    @Override
    public void refused(ParsedEvent event, UsageRejection reason) {
        reject(event.record(), reason);
    }

    @Override
    public void failed(ConnectException error) {
        failure.fail(error);
    }

    private void reject(SinkRecord record, UsageRejection reason) {
        if (reporter == null) {
            failure.fail(new ConnectException("The usage event at " + record.topic() + "-" + record.kafkaPartition()
                    + "@" + record.kafkaOffset() + " cannot be ingested (" + reason.getMessage() + ") and the "
                    + "connector has no dead-letter queue: set errors.tolerance=all and "
                    + "errors.deadletterqueue.topic.name to collect such events and go on", reason));
        } else {
            deadLetters.add(record, reason);
            metrics.rejected();
        }
    }
}
