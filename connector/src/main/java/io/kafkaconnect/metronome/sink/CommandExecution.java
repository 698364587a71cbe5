package io.kafkaconnect.metronome.sink;

import io.kafkaconnect.metronome.sinkcommon.Backpressure;
import io.kafkaconnect.metronome.sinkcommon.TaskFailure;
import static io.kafkaconnect.metronome.client.Failures.unwrap;

import io.kafkaconnect.metronome.client.Failures;
import io.kafkaconnect.metronome.config.MetronomeConnectionConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies parsed commands to Metronome: each goes to its customer's lane ({@link CustomerLanes}), which runs it
 * through the {@link CommandApplier} after the customer's earlier commands, and what it came to goes on to
 * {@code finished}. A command whose partition was closed meanwhile (see {@link PartitionEpochs}) does not start,
 * makes no further attempt once running, and goes nowhere: the partition's next owner applies it again.
 */
final class CommandExecution implements Backpressure.Pending {

    private static final Logger log = LoggerFactory.getLogger(CommandExecution.class);
    /** How long closing partitions waits for their commands' calls already on the wire. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final CustomerLanes lanes;
    private final CommandApplier applier;
    private final PartitionEpochs epochs;
    private final Consumer<FinishedCommand> finished;
    private final TaskFailure failure;
    /** Commands being applied now, so that closing their partition can wait for their calls. */
    private final Set<Running> running = ConcurrentHashMap.newKeySet();

    CommandExecution(CustomerLanes lanes, CommandApplier applier, PartitionEpochs epochs,
                     Consumer<FinishedCommand> finished, TaskFailure failure) {
        this.lanes = lanes;
        this.applier = applier;
        this.epochs = epochs;
        this.finished = finished;
        this.failure = failure;
    }

    /** Queues the command behind its customer's earlier commands. */
    void submit(PartitionEpochs.Delivery delivery, CustomerCommand command) {
        lanes.submit(command.laneKey(), () -> apply(delivery, command));
    }

    /** Commands submitted and not finished yet, running or waiting in their lane. */
    @Override
    public int pending() {
        return lanes.pending();
    }

    /** Waits up to {@code timeout} until fewer than {@code bound} commands are pending; returns whether they are. */
    @Override
    public boolean awaitPendingBelow(int bound, Duration timeout) throws InterruptedException {
        return lanes.awaitPendingBelow(bound, timeout);
    }

    /**
     * Waits (a little) for the running commands of closed partitions: they make no further attempt, but a call
     * already sent should land before the partition's new owner sends the same command again.
     */
    void awaitCallsOnTheWire(Collection<TopicPartition> partitions) {
        CompletableFuture<?>[] calls = running.stream()
                .filter(r -> partitions.contains(r.partition()))
                .map(Running::done)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(calls).get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.info("{} commands of closed partitions still running after {} ms; their results are dropped",
                    Arrays.stream(calls).filter(f -> !f.isDone()).count(), CLOSE_WAIT.toMillis());
        }
    }

    /** Applies one command; the returned future completes when the lane may start the customer's next command. */
    private CompletableFuture<?> apply(PartitionEpochs.Delivery delivery, CustomerCommand command) {
        if (!epochs.isCurrent(delivery)) {
            return CompletableFuture.completedFuture(null); // revoked before its turn: the new owner applies it
        }
        CompletableFuture<?> done = applier.apply(command, () -> epochs.isCurrent(delivery))
                .handle((outcome, error) -> {
                    if (error == null) {
                        finished.accept(FinishedCommand.answered(delivery, command, outcome));
                    } else if (!(unwrap(error) instanceof CancellationException)) {
                        failure.fail(cannotGoOn(command, unwrap(error)));
                    }
                    return null;
                });
        Running entry = new Running(delivery.partition(), done);
        running.add(entry);
        done.whenComplete((ignored, error) -> running.remove(entry));
        return done;
    }

    private static ConnectException cannotGoOn(CustomerCommand command, Throwable error) {
        return Failures.kind(error) == Failures.Kind.TOKEN_REFUSED
                ? new ConnectException("Metronome refused the API token (" + error.getMessage() + "); check "
                        + MetronomeConnectionConfig.API_TOKEN, error)
                : new ConnectException("Applying command " + command.commandId() + " failed", error);
    }

    private record Running(TopicPartition partition, CompletableFuture<?> done) {
    }
}
