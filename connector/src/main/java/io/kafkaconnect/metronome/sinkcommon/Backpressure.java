package io.kafkaconnect.metronome.sinkcommon;

import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the work a sink task holds (commands, or usage events): when the bound or more are pending, put() waits up
 * to a second for them to drain, then pauses the assigned partitions; consumption resumes once at most half are
 * left. Nothing is dropped. Shared by both sinks.
 */
public final class Backpressure {

    /** What the task holds: how much is pending, and a way to wait for it to drain. */
    public interface Pending {
        int pending();

        /** Waits up to {@code timeout} until fewer than {@code bound} are pending; returns whether they are. */
        boolean awaitPendingBelow(int bound, Duration timeout) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(Backpressure.class);
    private static final Duration PUT_WAIT = Duration.ofSeconds(1);

    private final SinkTaskContext context;
    private final Pending work;
    private final int maxBuffered;
    private final String what;
    private boolean paused;

    /** @param what the unit of work in log messages, e.g. "commands" */
    public Backpressure(SinkTaskContext context, Pending work, int maxBuffered, String what) {
        this.context = context;
        this.work = work;
        this.maxBuffered = maxBuffered;
        this.what = what;
    }

    /** After put() handed work over: waits or pauses when too much is pending. */
    public void apply() {
        if (work.pending() < maxBuffered) {
            resumeIfDrained();
            return;
        }
        try {
            if (work.awaitPendingBelow(maxBuffered, PUT_WAIT)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!paused) {
            log.info("{} {} in progress (bound {}): pausing consumption", work.pending(), what, maxBuffered);
            context.pause(context.assignment().toArray(TopicPartition[]::new));
            paused = true;
        }
    }

    public void resumeIfDrained() {
        if (paused && work.pending() <= maxBuffered / 2) {
            context.resume(context.assignment().toArray(TopicPartition[]::new));
            paused = false;
        }
    }

    /** Whether consumption is paused now. */
    public boolean paused() {
        return paused;
    }
}
