package io.kafkaconnect.metronome.sinkcommon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports each rejected record (for the command sink: once its REJECTED result is written) to Connect's dead-letter
 * queue, the reason in its headers, from the task thread as Connect's reporter expects; the record counts as done for
 * the commit once the queue has it. Without a dead-letter queue the rejection is logged and the record is done (the
 * usage sink, which has no other trace of a rejection, fails the task instead and never hands one over). Shared by
 * both sinks.
 */
public final class DeadLetterReporter {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReporter.class);
    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(60);

    private final ErrantRecordReporter reporter;
    private final OffsetTracker offsets;
    /** Rejected records waiting to be reported from the task thread. */
    private final ConcurrentLinkedQueue<Rejected> toReport = new ConcurrentLinkedQueue<>();
    private final List<Reported> reported = new ArrayList<>();

    /** @param reporter Connect's reporter, or null when the connector has no dead-letter queue */
    public DeadLetterReporter(ErrantRecordReporter reporter, OffsetTracker offsets) {
        this.reporter = reporter;
        this.offsets = offsets;
    }

    /** Connect's reporter of the task, or null when the connector has no dead-letter queue or Connect predates it. */
    public static ErrantRecordReporter connectReporter(SinkTaskContext context) {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError olderRuntime) {
            return null;
        }
    }

    /** Takes a rejected record with the reason the dead-letter queue records (any thread). */
    public void add(SinkRecord record, Throwable reason) {
        toReport.add(new Rejected(record, new TopicPartition(record.topic(), record.kafkaPartition()), reason));
    }

    /** Whether rejected commands are waiting to be reported or for the queue to have them. */
    public boolean reporting() {
        return !toReport.isEmpty() || !reported.isEmpty();
    }

    /** Reports what is waiting and accounts for the reports the queue has by now (task thread only). */
    public void report() {
        for (Rejected rejected; (rejected = toReport.poll()) != null; ) {
            if (reporter == null) {
                log.warn("Rejected record at {}-{}@{}: {}", rejected.record().topic(),
                        rejected.record().kafkaPartition(), rejected.offset(), rejected.reason().getMessage());
                offsets.finished(rejected.partition(), rejected.offset());
            } else {
                reported.add(new Reported(rejected, reporter.report(rejected.record(), rejected.reason())));
            }
        }
        for (Iterator<Reported> it = reported.iterator(); it.hasNext(); ) {
            Reported r = it.next();
            if (r.future.isDone()) {
                it.remove();
                done(r);
            }
        }
    }

    /** Waits until the queue has every report made. */
    public void awaitReported() {
        for (Reported r : reported) {
            try {
                r.future.get(REPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while writing to the dead-letter queue", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new ConnectException("Cannot write a rejected record to the dead-letter queue", e);
            }
        }
        reported.forEach(this::done);
        reported.clear();
    }

    private void done(Reported r) {
        try {
            r.future.get(0, TimeUnit.MILLISECONDS);
            offsets.finished(r.rejected.partition(), r.rejected.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new ConnectException("Cannot write a rejected record to the dead-letter queue", e);
        }
    }

    private record Rejected(SinkRecord record, TopicPartition partition, Throwable reason) {
        long offset() {
            return record.kafkaOffset();
        }
    }

    private record Reported(Rejected rejected, Future<Void> future) {
    }
}
