package io.kafkaconnect.metronome.sink;

import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the commands a task holds: when {@code commands.max.buffered} or more are pending, put() waits up to a
 * second for lanes to drain, then pauses the assigned partitions; consumption resumes once at most half are left.
 */
final class Backpressure {

    private static final Logger log = LoggerFactory.getLogger(Backpressure.class);
    private static final Duration PUT_WAIT = Duration.ofSeconds(1);

    private final SinkTaskContext context;
    private final CommandExecution execution;
    private final int maxBuffered;
    private boolean paused;

    Backpressure(SinkTaskContext context, CommandExecution execution, int maxBuffered) {
        this.context = context;
        this.execution = execution;
        this.maxBuffered = maxBuffered;
    }

    /** After put() handed commands over: waits or pauses when too many are pending. */
    void apply() {
        if (execution.pending() < maxBuffered) {
            resumeIfDrained();
            return;
        }
        try {
            if (execution.awaitPendingBelow(maxBuffered, PUT_WAIT)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!paused) {
            log.info("{} commands in progress (bound {}): pausing consumption", execution.pending(), maxBuffered);
            context.pause(context.assignment().toArray(TopicPartition[]::new));
            paused = true;
        }
    }

    void resumeIfDrained() {
        if (paused && execution.pending() <= maxBuffered / 2) {
            context.resume(context.assignment().toArray(TopicPartition[]::new));
            paused = false;
        }
    }
}
