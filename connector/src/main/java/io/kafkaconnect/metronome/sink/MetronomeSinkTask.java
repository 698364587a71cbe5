package io.kafkaconnect.metronome.sink;

import io.kafkaconnect.metronome.client.MetronomeApiException;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.SharedRateLimits;
import io.kafkaconnect.metronome.config.MetronomeConnectionConfig;
import io.kafkaconnect.metronome.metrics.SinkTaskMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
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
 * customer and concurrently across customers. Each finished command writes its result ({@link CommandResults});
 * a rejected one also goes to the dead-letter queue. {@link #preCommit} commits only offsets below which every
 * command is finished and its result written ({@link OffsetTracker}).
 *
 * <p>Backpressure: when more than {@code commands.max.buffered} commands are held, put waits up to a second for
 * lanes to drain, then pauses the assigned partitions; consumption resumes once half of them are done.
 */
public class MetronomeSinkTask extends SinkTask {

    /** Task property set by the connector: this task's share of the connector's request budget. */
    static final String TASK_REQUESTS_PER_SECOND = "task.requests.per.second";
    /** Task property set by the connector: the key under which tasks of one worker share a rate limiter. */
    static final String TASK_RATE_LIMIT_KEY = "task.rate.limit.key";
    /** Task property set by the connector: the task's number, for its JMX metrics. */
    static final String TASK_INDEX = "task.index";

    private static final Logger log = LoggerFactory.getLogger(MetronomeSinkTask.class);
    private static final Duration PUT_WAIT = Duration.ofSeconds(1);
    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(60);

    private final CommandParser parser = new CommandParser();
    private final OffsetTracker offsets = new OffsetTracker();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    /** Rejected commands whose result is written, waiting to be reported to the DLQ from the task thread. */
    private final ConcurrentLinkedQueue<Rejected> toReport = new ConcurrentLinkedQueue<>();
    private final List<Reported> reported = new ArrayList<>();

    private SharedRateLimits.Lease rateLease;
    private MetronomeClient client;
    private ScheduledExecutorService retryScheduler;
    private ExecutorService resultsExecutor;
    private CommandApplier applier;
    private CustomerLanes lanes;
    private CommandResults results;
    private ErrantRecordReporter reporter;
    private SinkTaskMetrics metrics;
    private int maxBuffered;
    private boolean paused;

    @Override
    public String version() {
        return MetronomeSinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        MetronomeSinkConfig config = new MetronomeSinkConfig(props);
        double rate = Double.parseDouble(props.getOrDefault(TASK_REQUESTS_PER_SECOND,
                String.valueOf(config.getDouble(MetronomeConnectionConfig.REQUESTS_PER_SECOND))));
        rateLease = SharedRateLimits.lease(props.getOrDefault(TASK_RATE_LIMIT_KEY, "metronome-sink"), rate);
        client = new MetronomeClient(MetronomeConnectionConfig.clientSettings(config), rateLease.limiter());
        retryScheduler = Executors.newSingleThreadScheduledExecutor(daemon("metronome-sink-retry"));
        resultsExecutor = Executors.newSingleThreadExecutor(daemon("metronome-sink-results"));
        AliasResolver aliases = new AliasResolver(client, config.getInt(MetronomeSinkConfig.ALIAS_CACHE_SIZE),
                Duration.ofMillis(config.getLong(MetronomeSinkConfig.ALIAS_CACHE_TTL_MS)));
        applier = new CommandApplier(client, aliases, retryScheduler,
                Duration.ofMillis(config.getLong(MetronomeSinkConfig.RETRY_BACKOFF_MS)),
                Duration.ofMillis(config.getLong(MetronomeSinkConfig.RETRY_BACKOFF_MAX_MS)));
        lanes = new CustomerLanes(config.getInt(MetronomeSinkConfig.MAX_IN_FLIGHT));
        maxBuffered = config.getInt(MetronomeSinkConfig.MAX_BUFFERED);
        metrics = new SinkTaskMetrics(props.getOrDefault("name", "metronome-sink"),
                Integer.parseInt(props.getOrDefault(TASK_INDEX, "0")), client.stats(), lanes::inFlight);
        results = new CommandResults(config, "metronome-sink-results-" + props.getOrDefault("name", "task")
                + "-" + System.identityHashCode(this));
        reporter = errantRecordReporter();
        if (reporter == null) {
            log.warn("No dead-letter queue is configured (errors.deadletterqueue.topic.name): rejected commands "
                    + "only get a REJECTED result on {}", config.resultsTopic());
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        throwIfFailed();
        reportRejections();
        for (SinkRecord record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
            offsets.started(partition, record.kafkaOffset());
            CustomerCommand command;
            try {
                command = parser.parse(record.value());
            } catch (CommandRejection rejection) {
                finish(record, rejection.commandId(), rejection.action(),
                        CommandOutcome.rejected(null, rejection.getMessage()), rejection);
                continue;
            }
            lanes.submit(command.customer().laneKey(), () -> apply(record, command));
        }
        applyBackpressure();
    }

    /** Applies one command; the returned future completes when the lane may start the customer's next command. */
    private CompletableFuture<?> apply(SinkRecord record, CustomerCommand command) {
        return applier.apply(command).whenCompleteAsync((outcome, error) -> {
            if (error != null) {
                fail(error instanceof MetronomeApiException.UnauthorizedException
                        ? new ConnectException("Metronome refused the API token (" + error.getMessage()
                                + "); check " + MetronomeConnectionConfig.API_TOKEN, error)
                        : new ConnectException("Applying command " + command.commandId() + " failed", error));
                return;
            }
            CommandRejection rejection = outcome.status() == CommandStatus.REJECTED
                    ? new CommandRejection(outcome.message(), command.commandId(), command.action()) : null;
            finish(record, command.commandId(), command.action(), outcome, rejection);
        }, resultsExecutor);
    }

    /** Writes the result; the command is finished once the result is written (and, if rejected, reported). */
    private void finish(SinkRecord record, String commandId, CustomerAction action, CommandOutcome outcome,
                        CommandRejection rejection) {
        TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
        CompletableFuture<Void> written;
        try {
            written = results.publish(record, commandId, action, outcome);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((ignored, error) -> {
            if (error != null) {
                fail(new ConnectException("Cannot write the result of command " + commandId + " to the results topic",
                        error));
                return;
            }
            metrics.commandFinished(outcome.status().name());
            if (rejection != null) {
                toReport.add(new Rejected(record, partition, rejection));
            } else {
                offsets.finished(partition, record.kafkaOffset());
            }
        });
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        throwIfFailed();
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
        offsets.forget(partitions);
    }

    @Override
    public void stop() {
        if (retryScheduler != null) {
            retryScheduler.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
        if (resultsExecutor != null) {
            resultsExecutor.shutdown();
            try {
                resultsExecutor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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

    private record Rejected(SinkRecord record, TopicPartition partition, CommandRejection rejection) {
    }

    private record Reported(Rejected rejected, Future<Void> future) {
    }
}
