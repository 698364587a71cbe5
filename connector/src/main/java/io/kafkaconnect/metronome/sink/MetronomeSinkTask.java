package io.kafkaconnect.metronome.sink;

import io.kafkaconnect.metronome.PluginVersion;
import io.kafkaconnect.metronome.client.MetronomeApiException;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.SharedRateLimits;
import io.kafkaconnect.metronome.config.MetronomeConnectionConfig;
import io.kafkaconnect.metronome.config.RequestBudget;
import io.kafkaconnect.metronome.metrics.SinkTaskMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies command records to Metronome. {@link #put} parses each record and hands it to its customer's lane
 * ({@link CustomerLanes}); lanes apply commands asynchronously ({@link CommandApplier}), in topic order per
 * customer and concurrently across customers. Results are written ({@link CommandResults}) from the task thread,
 * in {@link #put} and {@link #preCommit}, and in offset order per partition ({@link InOrderRelease}): a command's
 * result waits for the earlier commands of its partition. A rejected command also goes to the dead-letter queue.
 * {@link #preCommit} commits only offsets below which every command is finished and its result written
 * ({@link OffsetTracker}).
 *
 * <p>Exactly one result per command across rebalances: Connect calls {@code preCommit} and then {@code close} for
 * revoked partitions, and their uncommitted records go to the new owner. So {@code preCommit} waits until every
 * result already handed to the producer is in the topic (and every rejection in the DLQ), and commits it: written
 * results form a prefix of each partition, so the commit covers every one of them;
 * {@code close} then starts a new epoch of the partition ({@link PartitionEpochs}): commands of the old epoch
 * still queued never start, running ones make no further attempt, and whatever they finish is dropped unwritten.
 * Since results are only written from the task thread, none can slip in between the two calls.
 *
 * <p>Backpressure: when more than {@code commands.max.buffered} commands are held, put waits up to a second for
 * lanes to drain, then pauses the assigned partitions; consumption resumes once half of them are done.
 */
public class MetronomeSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(MetronomeSinkTask.class);
    private static final Duration PUT_WAIT = Duration.ofSeconds(1);
    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(60);
    /** How long Connect's poll may block while commands are in progress, so their results are written promptly. */
    private static final Duration RESULTS_INTERVAL = Duration.ofMillis(20);
    /** How long closing partitions waits for their commands' calls already on the wire. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final CommandParser parser = new CommandParser();
    private final OffsetTracker offsets = new OffsetTracker();
    private final PartitionEpochs epochs = new PartitionEpochs();
    private final InOrderRelease<Finished> inOrder = new InOrderRelease<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    /** Finished commands whose results the task thread is to write. */
    private final ConcurrentLinkedQueue<Finished> toWrite = new ConcurrentLinkedQueue<>();
    /** Results handed to the producer; each completes once the broker has it and the command is accounted for. */
    private final List<CompletableFuture<Void>> unacknowledged = new ArrayList<>();
    /** Commands being applied now, so that closing their partition can wait for their calls. */
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    /** Rejected commands whose result is written, waiting to be reported to the DLQ from the task thread. */
    private final ConcurrentLinkedQueue<Rejected> toReport = new ConcurrentLinkedQueue<>();
    private final List<Reported> reported = new ArrayList<>();

    private final Function<MetronomeSinkConfig, CommandResults> resultsWriter;
    private SharedRateLimits.Lease rateLease;
    private MetronomeClient client;
    private ScheduledExecutorService retryScheduler;
    private CommandApplier applier;
    private CustomerLanes lanes;
    private CommandResults results;
    private ErrantRecordReporter reporter;
    private SinkTaskMetrics metrics;
    private int maxBuffered;
    private boolean paused;

    public MetronomeSinkTask() {
        this(null);
    }

    /** A task writing its results with {@code resultsWriter} (tests), or its own producer when null. */
    MetronomeSinkTask(Function<MetronomeSinkConfig, CommandResults> resultsWriter) {
        this.resultsWriter = resultsWriter;
    }

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        MetronomeSinkConfig config = new MetronomeSinkConfig(props);
        rateLease = RequestBudget.lease(config);
        client = new MetronomeClient(config.clientSettings(), rateLease.limiter());
        retryScheduler = Executors.newSingleThreadScheduledExecutor(daemon("metronome-sink-retry"));
        AliasResolver aliases = new AliasResolver(client, config.aliasCacheSize(), config.aliasCacheTtl());
        applier = new CommandApplier(client, aliases, retryScheduler, config.commandRetryBackoff());
        lanes = new CustomerLanes(config.maxInFlight());
        maxBuffered = config.maxBuffered();
        metrics = new SinkTaskMetrics(config.connectorName(), config.taskIndex(), client.stats(), lanes::inFlight);
        results = resultsWriter != null ? resultsWriter.apply(config) : new CommandResults(config,
                "metronome-sink-results-" + props.getOrDefault("name", "task") + "-" + System.identityHashCode(this));
        reporter = errantRecordReporter();
        if (reporter == null) {
            log.warn("No dead-letter queue is configured (errors.deadletterqueue.topic.name): rejected commands "
                    + "only get a REJECTED result on {}", config.resultsTopic());
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        throwIfFailed();
        writeResults();
        reportRejections();
        for (SinkRecord record : records) {
            PartitionEpochs.Delivery delivery = epochs.deliver(record);
            if (offsets.started(delivery.partition(), record.kafkaOffset())) {
                epochs.close(List.of(delivery.partition())); // what was in flight on it comes again
                delivery = epochs.deliver(record);
            }
            inOrder.started(delivery.partition(), record.kafkaOffset());
            CustomerCommand command;
            try {
                command = parser.parse(record.key(), record.value());
            } catch (CommandRejection rejection) {
                toWrite.add(new Finished(delivery, rejection.commandId(), rejection.action(),
                        CommandOutcome.rejected(null, rejection.getMessage()), rejection));
                continue;
            }
            PartitionEpochs.Delivery submitted = delivery;
            lanes.submit(command.laneKey(), () -> apply(submitted, command));
        }
        writeResults();
        applyBackpressure();
        if (lanes.pending() > 0 || !unacknowledged.isEmpty() || !toReport.isEmpty() || !reported.isEmpty()) {
            context.timeout(RESULTS_INTERVAL.toMillis());
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
                        CommandRejection rejection = outcome.status() == CommandStatus.REJECTED
                                ? new CommandRejection(outcome.message(), command.commandId(), command.action())
                                : null;
                        toWrite.add(new Finished(delivery, command.commandId(), command.action(), outcome, rejection));
                    } else if (!(unwrap(error) instanceof CancellationException)) {
                        fail(unwrap(error) instanceof MetronomeApiException.UnauthorizedException
                                ? new ConnectException("Metronome refused the API token (" + error.getMessage()
                                        + "); check " + MetronomeConnectionConfig.API_TOKEN, unwrap(error))
                                : new ConnectException("Applying command " + command.commandId() + " failed",
                                        unwrap(error)));
                    }
                    return null;
                });
        InFlight entry = new InFlight(delivery.partition(), done);
        inFlight.add(entry);
        done.whenComplete((ignored, error) -> inFlight.remove(entry));
        return done;
    }

    /**
     * Writes the results of finished commands whose partition is still this task's, in offset order per partition
     * (task thread only).
     */
    private void writeResults() {
        for (Finished finished; (finished = toWrite.poll()) != null; ) {
            if (epochs.isCurrent(finished.delivery)) {
                inOrder.finished(finished.delivery.partition(), finished.delivery.record().kafkaOffset(), finished)
                        .forEach(released -> unacknowledged.add(write(released)));
            }
        }
        unacknowledged.removeIf(CompletableFuture::isDone);
    }

    /** Writes the result; the command is finished once the result is written (and, if rejected, reported). */
    private CompletableFuture<Void> write(Finished f) {
        SinkRecord record = f.delivery.record();
        CompletableFuture<Void> written;
        try {
            written = results.publish(record, f.commandId, f.action, f.outcome);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        return written.whenComplete((ignored, error) -> {
            if (error != null) {
                fail(new ConnectException("Cannot write the result of command " + f.commandId
                        + " to the results topic", error));
                return;
            }
            metrics.commandFinished(f.outcome.status().name());
            if (f.rejection != null) {
                toReport.add(new Rejected(record, f.delivery.partition(), f.rejection));
            } else {
                offsets.finished(f.delivery.partition(), record.kafkaOffset());
            }
        });
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        throwIfFailed();
        // Before a rebalance's close: whatever was handed to the producer must be committed now, or the new
        // owner would write a second result.
        writeResults();
        awaitWrites();
        reportRejections();
        awaitReports();
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        offsets.committable().forEach((tp, offset) -> {
            if (currentOffsets.containsKey(tp)) {
                committable.put(tp, offset);
            }
        });
        resumeIfDrained();
        return committable;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        epochs.close(partitions);
        offsets.forget(partitions);
        inOrder.forget(partitions);
        awaitCallsOnTheWire(partitions);
    }

    @Override
    public void stop() {
        epochs.closeAll();
        if (retryScheduler != null) {
            retryScheduler.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
        if (results != null) {
            results.close();
        }
        if (rateLease != null) {
            rateLease.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private void awaitWrites() {
        try {
            CompletableFuture.allOf(unacknowledged.toArray(CompletableFuture[]::new))
                    .get(REPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing results", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ConnectException("Cannot write results to the results topic", e);
        }
        unacknowledged.clear();
        throwIfFailed();
    }

    /**
     * Waits (a little) for the running commands of closed partitions: they make no further attempt, but a call
     * already sent should land before the partition's new owner sends the same command again.
     */
    private void awaitCallsOnTheWire(Collection<TopicPartition> partitions) {
        CompletableFuture<?>[] running = inFlight.stream()
                .filter(f -> partitions.contains(f.partition()))
                .map(InFlight::done)
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(running).get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.info("{} commands of closed partitions still running after {} ms; their results are dropped",
                    Arrays.stream(running).filter(f -> !f.isDone()).count(), CLOSE_WAIT.toMillis());
        }
    }

    // ---- rejections: reported from the task thread, as Connect's reporter expects ----

    private void reportRejections() {
        for (Rejected rejected; (rejected = toReport.poll()) != null; ) {
            if (reporter == null) {
                log.warn("Rejected command at {}-{}@{}: {}", rejected.record.topic(), rejected.record.kafkaPartition(),
                        rejected.record.kafkaOffset(), rejected.rejection.getMessage());
                offsets.finished(rejected.partition, rejected.record.kafkaOffset());
            } else {
                reported.add(new Reported(rejected, reporter.report(rejected.record, rejected.rejection)));
            }
        }
        for (Iterator<Reported> it = reported.iterator(); it.hasNext(); ) {
            Reported r = it.next();
            if (r.future.isDone()) {
                it.remove();
                complete(r);
            }
        }
    }

    private void awaitReports() {
        for (Reported r : reported) {
            try {
                r.future.get(REPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while writing to the dead-letter queue", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new ConnectException("Cannot write a rejected command to the dead-letter queue", e);
            }
        }
        reported.forEach(this::complete);
        reported.clear();
    }

    private void complete(Reported r) {
        try {
            r.future.get(0, TimeUnit.MILLISECONDS);
            offsets.finished(r.rejected.partition, r.rejected.record.kafkaOffset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new ConnectException("Cannot write a rejected command to the dead-letter queue", e);
        }
    }

    // ---- backpressure ----

    private void applyBackpressure() {
        if (lanes.pending() < maxBuffered) {
            resumeIfDrained();
            return;
        }
        try {
            if (lanes.awaitPendingBelow(maxBuffered, PUT_WAIT)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!paused) {
            log.info("{} commands in progress (bound {}): pausing consumption", lanes.pending(), maxBuffered);
            context.pause(context.assignment().toArray(TopicPartition[]::new));
            paused = true;
        }
    }

    private void resumeIfDrained() {
        if (paused && lanes.pending() <= maxBuffered / 2) {
            context.resume(context.assignment().toArray(TopicPartition[]::new));
            paused = false;
        }
    }

    // ---- failures ----

    private void fail(Throwable error) {
        if (fatal.compareAndSet(null, error)) {
            log.error("The task cannot go on: {}", error.getMessage());
        }
    }

    private void throwIfFailed() {
        Throwable error = fatal.get();
        if (error != null) {
            throw error instanceof ConnectException ce ? ce : new ConnectException(error);
        }
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError olderRuntime) {
            return null;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private record Finished(PartitionEpochs.Delivery delivery, String commandId, CustomerAction action,
                            CommandOutcome outcome, CommandRejection rejection) {
    }

    private record InFlight(TopicPartition partition, CompletableFuture<?> done) {
    }

    private record Rejected(SinkRecord record, TopicPartition partition, CommandRejection rejection) {
    }

    private record Reported(Rejected rejected, Future<Void> future) {
    }
}
