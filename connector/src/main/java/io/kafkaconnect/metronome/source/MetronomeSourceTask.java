package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.PluginVersion;
import io.kafkaconnect.metronome.client.Backoff;
import io.kafkaconnect.metronome.client.Failures;
import io.kafkaconnect.metronome.client.MetronomeApiException;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeException;
import io.kafkaconnect.metronome.config.MetronomeConnectionConfig;
import io.kafkaconnect.metronome.config.TaskClient;
import io.kafkaconnect.metronome.metrics.SourceTaskMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this task's streams: the customers stream (task 0 only) and its shard of the per-customer streams. Each
 * {@link #poll()} does one small step (about one API page) and returns, so {@link #stop()} takes effect quickly;
 * between scans it waits at most {@link #MAX_WAIT} per call.
 *
 * <p>Failed API calls (after the client's own retries) are retried here forever with a capped exponential
 * backoff ({@link Backoff}), the task staying RUNNING and logging each attempt at WARN; a rejected token (401/403)
 * fails the task.
 */
public class MetronomeSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(MetronomeSourceTask.class);
    static final Duration MAX_WAIT = Duration.ofSeconds(1);
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
    private static final Duration BUSY_STEP_BUDGET = Duration.ofMillis(500);

    private final CountDownLatch stopping = new CountDownLatch(1);
    private TaskClient taskClient;
    private SourceTaskMetrics metrics;
    private List<SourceStream> streams;
    private int next;
    private int failedAttempts;
    private Instant backoffUntil = Instant.MIN;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        MetronomeSourceConfig config = new MetronomeSourceConfig(props);
        taskClient = TaskClient.open(config);
        MetronomeClient client = taskClient.client();
        metrics = new SourceTaskMetrics(config.connectorName(), config.taskIndex(), client.stats(),
                config.streams().stream().map(SourceStreamName::id).toList(), config.progressTopic());
        streams = streams(config, client, context.offsetStorageReader());
        log.info("task {} of {} started with {} stream(s): {}", config.taskIndex(), config.taskCount(), streams.size(),
                streams.stream().map(s -> s.getClass().getSimpleName()).toList());
    }

    static List<SourceStream> streams(MetronomeSourceConfig config, MetronomeClient client,
                                      OffsetStorageReader offsets) {
        Set<SourceStreamName> names = config.streams();
        List<SourceStream> streams = new ArrayList<>();
        if (config.taskIndex() == 0 && names.contains(SourceStreamName.CUSTOMERS)) {
            streams.add(new CustomersStream(config, client, offsets, new CustomerRecords()));
        }
        List<PerCustomerStream> perCustomer = new ArrayList<>();
        if (names.contains(SourceStreamName.COSTS)) {
            perCustomer.add(new CostsStream(config, client, offsets, new CostRecords(config.decimalHandlingMode())));
        }
        if (names.contains(SourceStreamName.BILLABLE_METRICS)) {
            perCustomer.add(new BillableMetricsStream(config, client, offsets, new BillableMetricRecords()));
        }
        if (names.contains(SourceStreamName.INVOICES)) {
            perCustomer.add(new InvoicesStream(config, client, offsets,
                    new InvoiceRecords(config.decimalHandlingMode())));
        }
        if (!perCustomer.isEmpty()) {
            streams.add(new ShardScan(client, new CustomerShard(config.taskIndex(), config.taskCount()),
                    CustomerSelection.of(config), perCustomer, config.customersPageSize(), config.pollInterval()));
        }
        return streams;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        Instant now = Instant.now();
        if (now.isBefore(backoffUntil)) {
            waitUntil(backoffUntil);
            return null;
        }
        try {
            Step step = step(now);
            failedAttempts = 0;
            metrics.pollSucceeded();
            if (step instanceof Step.Emitted emitted) {
                metrics.recordsEmitted(emitted.records());
                return emitted.records();
            }
            if (step instanceof Step.BudgetSpent) {
                return null; // more work is due: Connect calls poll() again at once
            }
            Instant wakeUp = now.plus(MAX_WAIT);
            for (SourceStream stream : streams) {
                wakeUp = stream.nextDue().isBefore(wakeUp) ? stream.nextDue() : wakeUp;
            }
            waitUntil(wakeUp);
            return null;
        } catch (MetronomeException e) {
            Failures.Kind kind = Failures.kind(e);
            if (kind == Failures.Kind.TOKEN_REFUSED || kind == Failures.Kind.FORBIDDEN) {
                MetronomeApiException refused = (MetronomeApiException) e;
                throw new ConnectException("Metronome rejected the API token (HTTP " + refused.status() + " on "
                        + refused.endpoint() + ": " + refused.apiMessage() + "); check "
                        + MetronomeConnectionConfig.API_TOKEN + " and its scopes, then restart the task", e);
            }
            if (stopping.getCount() == 0) {
                return null; // the client was closed under us by stop()
            }
            failedAttempts++;
            Duration backoff = BACKOFF.delay(failedAttempts);
            backoffUntil = Instant.now().plus(backoff);
            log.warn("Metronome call failed (attempt {}), retrying in {} ms; the task stays running: {}",
                    failedAttempts, backoff.toMillis(), e.getMessage());
            return null;
        }
    }

    /** What one {@link #step} came to. */
    private sealed interface Step {
        /** A stream yielded records. */
        record Emitted(List<SourceRecord> records) implements Step {
        }

        /** Streams were due and stepped (pages without changes) until the time budget was spent. */
        record BudgetSpent() implements Step {
        }

        /** No stream is due (or the task is stopping): wait until the next one is. */
        record NothingDue() implements Step {
        }
    }

    /** Steps the streams, round-robin, until one yields records, none has work due, or the time budget is spent. */
    private Step step(Instant start) {
        Instant deadline = start.plus(BUSY_STEP_BUDGET);
        Instant now = start;
        while (stopping.getCount() > 0) {
            boolean anyDue = false;
            for (int i = 0; i < streams.size(); i++) {
                SourceStream stream = streams.get(next);
                next = (next + 1) % streams.size();
                if (stream.nextDue().isAfter(now)) {
                    continue;
                }
                anyDue = true;
                List<SourceRecord> records = stream.poll(now);
                if (!records.isEmpty()) {
                    return new Step.Emitted(records);
                }
            }
            now = Instant.now();
            if (!anyDue) {
                return new Step.NothingDue();
            }
            if (now.isAfter(deadline)) {
                return new Step.BudgetSpent();
            }
        }
        return new Step.NothingDue();
    }

    private void waitUntil(Instant until) throws InterruptedException {
        long millis = Math.min(Duration.between(Instant.now(), until).toMillis(), MAX_WAIT.toMillis());
        if (millis > 0) {
            stopping.await(millis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        stopping.countDown();
        if (taskClient != null) {
            taskClient.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
