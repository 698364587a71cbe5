package io.kafkaconnect.metronome.sink;

import io.kafkaconnect.metronome.sinkcommon.Backpressure;
import io.kafkaconnect.metronome.sinkcommon.DeadLetterReporter;
import io.kafkaconnect.metronome.sinkcommon.OffsetTracker;
import io.kafkaconnect.metronome.sinkcommon.TaskFailure;
import io.kafkaconnect.metronome.metrics.SinkTaskMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * The way of a command record through the sink, one way, each stage handing on to the next:
 * <ol>
 *   <li>{@link #put}: the record becomes a delivery of its partition's current epoch ({@link PartitionEpochs})
 *       and is parsed ({@link CommandParser}); a record the parser refuses skips to step 3.</li>
 *   <li>{@link CommandExecution}: the command waits in its customer's lane ({@link CustomerLanes}) and is applied
 *       ({@link CommandApplier}), in topic order per customer, concurrently across customers.</li>
 *   <li>{@link ResultWriter}: its result is written, in offset order per partition ({@link InOrderRelease}).</li>
 *   <li>{@link DeadLetterReporter}: a rejected command then goes to the dead-letter queue.</li>
 *   <li>{@link OffsetTracker}: the command is done; {@link #commit} commits offsets below which every command
 *       is done.</li>
 * </ol>
 *
 * <p>Exactly one result per command across rebalances: Connect calls {@code preCommit} and then {@code close} for
 * revoked partitions, and their uncommitted records go to the new owner. So {@link #commit} waits until every
 * result already handed to the producer is in the topic (and every rejection in the dead-letter queue), and commits
 * it: written results form a prefix of each partition, so the commit covers every one of them. {@link #close} then
 * starts a new epoch of the partition: its commands still queued never start, running ones make no further attempt,
 * and whatever they finish is dropped unwritten. A partition whose owner died before committing comes with results
 * past its committed offset; the new owner finds them ({@link PriorResults}) and writes no second one.
 *
 * <p>{@link Backpressure} bounds the commands held. Everything but the lanes' callbacks runs on the task thread.
 */
final class CommandPipeline {

    /** How long Connect's poll may block while commands are in progress, so their results are written promptly. */
    private static final Duration RESULTS_INTERVAL = Duration.ofMillis(20);

    private final SinkTaskContext context;
    private final CommandParser parser = new CommandParser();
    private final PartitionEpochs epochs = new PartitionEpochs();
    private final OffsetTracker offsets = new OffsetTracker();
    private final TaskFailure failure = new TaskFailure();
    private final PriorResults prior;
    private final CommandExecution execution;
    private final ResultWriter results;
    private final DeadLetterReporter deadLetters;
    private final Backpressure backpressure;

    /** @param reporter Connect's dead-letter queue reporter, or null when the connector has none */
    CommandPipeline(SinkTaskContext context, CustomerLanes lanes, CommandApplier applier, CommandResults resultsTopic,
                    ErrantRecordReporter reporter, PriorResults prior, SinkTaskMetrics metrics, int maxBuffered) {
        this.context = context;
        this.prior = prior;
        this.deadLetters = new DeadLetterReporter(reporter, offsets);
        this.results = new ResultWriter(resultsTopic, epochs, prior, deadLetters, offsets, metrics, failure);
        this.execution = new CommandExecution(lanes, applier, epochs, results::finished, failure);
        this.backpressure = new Backpressure(context, execution, maxBuffered, "commands");
    }

    /** Newly assigned partitions: learns which of their commands already have a result. */
    void open(Collection<TopicPartition> partitions) {
        prior.load(partitions);
    }

    void put(Collection<SinkRecord> records) {
        failure.throwIfFailed();
        writeFinished();
        for (SinkRecord record : records) {
            PartitionEpochs.Delivery delivery = deliver(record);
            results.expect(delivery);
            CustomerCommand command;
            try {
                command = parser.parse(record.key(), record.value());
            } catch (CommandRejection rejection) {
                results.finished(FinishedCommand.refused(delivery, rejection));
                continue;
            }
            execution.submit(delivery, command);
        }
        results.writeFinished();
        backpressure.apply();
        if (execution.pending() > 0 || results.writing() || deadLetters.reporting()) {
            context.timeout(RESULTS_INTERVAL.toMillis());
        }
    }

    /**
     * Before Connect commits (and before a rebalance's close): writes what is finished, waits until the results
     * topic and the dead-letter queue have everything handed to them, and returns the offsets below which every
     * command is done, or, for a partition with nothing in progress, Connect's own position.
     */
    Map<TopicPartition, OffsetAndMetadata> commit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        long preparedAtMs = System.currentTimeMillis();
        failure.throwIfFailed();
        results.writeFinished();
        results.awaitWritten();
        deadLetters.report();
        deadLetters.awaitReported();
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        offsets.committable(currentOffsets).forEach((partition, offset) ->
                committable.put(partition, prior.commitPoint(offset.offset(), preparedAtMs)));
        backpressure.resumeIfDrained();
        return committable;
    }

    /** Revoked partitions: what they still hold is dropped; their next owner gets it again. */
    void close(Collection<TopicPartition> partitions) {
        epochs.close(partitions);
        offsets.forget(partitions);
        results.forget(partitions);
        prior.forget(partitions);
        execution.awaitCallsOnTheWire(partitions);
    }

    /** The task stops: nothing more starts or is written. */
    void stop() {
        epochs.closeAll();
    }

    private PartitionEpochs.Delivery deliver(SinkRecord record) {
        PartitionEpochs.Delivery delivery = epochs.deliver(record);
        if (offsets.started(delivery.partition(), record.kafkaOffset())) {
            epochs.close(List.of(delivery.partition())); // rewound: what was in flight on it comes again
            delivery = epochs.deliver(record);
        }
        return delivery;
    }

    private void writeFinished() {
        results.writeFinished();
        deadLetters.report();
    }
}
