package io.kafkaconnect.metronome.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports each rejected command, once its REJECTED result is written, to Connect's dead-letter queue (the
 * reason in its headers), from the task thread as Connect's reporter expects; the command counts as done for
 * the commit once the queue has it. Without a dead-letter queue the rejection is logged and the command is done.
 */
final class DeadLetterReporter {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReporter.class);
    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(60);

    private final ErrantRecordReporter reporter;
    private final OffsetTracker offsets;
    /** Rejected commands whose result is written, waiting to be reported from the task thread. */
    private final ConcurrentLinkedQueue<FinishedCommand> toReport = new ConcurrentLinkedQueue<>();
    private final List<Reported> reported = new ArrayList<>();

    /** @param reporter Connect's reporter, or null when the connector has no dead-letter queue */
    DeadLetterReporter(ErrantRecordReporter reporter, OffsetTracker offsets) {
        this.reporter = reporter;
        this.offsets = offsets;
    }

    /** Takes a rejected command whose result is written (any thread). */
    void add(FinishedCommand rejected) {
        toReport.add(rejected);
    }

    /** Whether rejected commands are waiting to be reported or for the queue to have them. */
    boolean reporting() {
        return !toReport.isEmpty() || !reported.isEmpty();
    }

    /** Reports what is waiting and accounts for the reports the queue has by now (task thread only). */
    void report() {
        for (FinishedCommand rejected; (rejected = toReport.poll()) != null; ) {
            if (reporter == null) {
                log.warn("Rejected command at {}-{}@{}: {}", rejected.record().topic(),
                        rejected.record().kafkaPartition(), rejected.offset(), rejected.rejection().getMessage());
                offsets.finished(rejected.partition(), rejected.offset());
            } else {
                reported.add(new Reported(rejected, reporter.report(rejected.record(), rejected.rejection())));
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
    void awaitReported() {
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
        reported.forEach(this::done);
        reported.clear();
    }

    private void done(Reported r) {
        try {
            r.future.get(0, TimeUnit.MILLISECONDS);
            offsets.finished(r.command.partition(), r.command.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new ConnectException("Cannot write a rejected command to the dead-letter queue", e);
        }
    }

    private record Reported(FinishedCommand command, Future<Void> future) {
    }
}
