package io.kafkaconnect.metronome.sink;

import io.kafkaconnect.metronome.sinkcommon.DeadLetterReporter;
import io.kafkaconnect.metronome.sinkcommon.OffsetTracker;
import io.kafkaconnect.metronome.sinkcommon.TaskFailure;
import io.kafkaconnect.metronome.metrics.SinkTaskMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Writes one result per finished command to the results topic ({@link CommandResults}), in offset order per
 * partition ({@link InOrderRelease}): a command's result waits for the earlier commands of its partition, so the
 * commands with a written result are always a prefix of what the partition delivered. Once the broker has a
 * result, the command goes on to the dead-letter queue if it was rejected, else it counts as done for the commit.
 *
 * <p>Finished commands arrive from any thread; results are written from the task thread only, and only while the
 * command's partition is still this task's, so none slips in between the commit before a rebalance and the close.
 * A command whose result a previous owner of the partition already wrote ({@link PriorResults}) gets no second one.
 */
final class ResultWriter {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    private final CommandResults results;
    private final PartitionEpochs epochs;
    private final PriorResults prior;
    private final DeadLetterReporter deadLetters;
    private final OffsetTracker offsets;
    private final SinkTaskMetrics metrics;
    private final TaskFailure failure;
    private final InOrderRelease<FinishedCommand> inOrder = new InOrderRelease<>();
    /** Finished commands whose results the task thread is to write. */
    private final ConcurrentLinkedQueue<FinishedCommand> finished = new ConcurrentLinkedQueue<>();
    /** Results handed to the producer; each completes once the broker has it and the command is accounted for. */
    private final List<CompletableFuture<Void>> unacknowledged = new ArrayList<>();

    ResultWriter(CommandResults results, PartitionEpochs epochs, PriorResults prior, DeadLetterReporter deadLetters,
                 OffsetTracker offsets, SinkTaskMetrics metrics, TaskFailure failure) {
        this.results = results;
        this.epochs = epochs;
        this.prior = prior;
        this.deadLetters = deadLetters;
        this.offsets = offsets;
        this.metrics = metrics;
        this.failure = failure;
    }

    /** Records that the partition handed over a command: its result comes after those of the earlier ones. */
    void expect(PartitionEpochs.Delivery delivery) {
        inOrder.started(delivery.partition(), delivery.record().kafkaOffset());
    }

    /** Takes a finished command (any thread); its result is written by the next {@link #writeFinished}. */
    void finished(FinishedCommand command) {
        finished.add(command);
    }

    /** Writes the results now due, in offset order per partition (task thread only). */
    void writeFinished() {
        for (FinishedCommand command; (command = finished.poll()) != null; ) {
            if (epochs.isCurrent(command.delivery())) {
                inOrder.finished(command.partition(), command.offset(), command)
                        .forEach(released -> unacknowledged.add(write(released)));
            }
        }
        unacknowledged.removeIf(CompletableFuture::isDone);
    }

    /** Whether results handed to the producer are still waiting for the broker. */
    boolean writing() {
        return !unacknowledged.isEmpty();
    }

    /** Waits until the broker has every result handed to the producer. */
    void awaitWritten() {
        try {
            CompletableFuture.allOf(unacknowledged.toArray(CompletableFuture[]::new))
                    .get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing results", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConnectException("Cannot write results to the results topic", e);
        }
        unacknowledged.clear();
        failure.throwIfFailed();
    }

    /** Forgets revoked partitions with whatever they held back: their new owner redoes those commands. */
    void forget(Collection<TopicPartition> partitions) {
        inOrder.forget(partitions);
    }

    /** Writes the result; the command goes on once the broker has it. */
    private CompletableFuture<Void> write(FinishedCommand command) {
        CompletableFuture<Void> written;
        if (prior.written(command.partition(), command.offset())) {
            written = CompletableFuture.completedFuture(null); // its result is in the topic already
        } else {
            try {
                written = results.publish(command.record(), command.commandId(), command.action(), command.outcome());
            } catch (RuntimeException e) {
                written = CompletableFuture.failedFuture(e);
            }
        }
        return written.whenComplete((ignored, error) -> {
            if (error != null) {
                failure.fail(new ConnectException("Cannot write the result of command " + command.commandId()
                        + " to the results topic", error));
                return;
            }
            metrics.commandFinished(command.outcome().status().name());
            if (command.rejection() != null) {
                deadLetters.add(command.record(), command.rejection());
            } else {
                offsets.finished(command.partition(), command.offset());
            }
        });
    }
}
