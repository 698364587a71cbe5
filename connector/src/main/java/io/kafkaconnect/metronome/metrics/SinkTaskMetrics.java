package io.kafkaconnect.metronome.metrics;

import io.kafkaconnect.metronome.client.ClientStats;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * JMX metrics of one sink task: {@code kafka.connect.metronome:type=sink-task-metrics,connector=<name>,task=<n>}
 * with the API counters, commands applied / already applied / rejected, commands in flight and the time of the
 * last successful Metronome call.
 */
public final class SinkTaskMetrics implements AutoCloseable {

    static final String GROUP = "sink-task-metrics";

    private final TaskMetricsGroup group;
    private final LongAdder applied = new LongAdder();
    private final LongAdder alreadyApplied = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /** @param inFlight commands being applied right now */
    public SinkTaskMetrics(String connector, int task, ClientStats stats, LongSupplier inFlight) {
        this.group = new TaskMetricsGroup(GROUP, connector, task);
        group.addClientStats(stats);
        group.gauge("last-successful-request-timestamp",
                "When a Metronome call last succeeded, epoch ms; 0 if none has.", stats::lastSuccessEpochMillis);
        group.gauge("commands-applied-total", "Commands whose result was APPLIED.", applied::sum);
        group.gauge("commands-already-applied-total", "Commands whose result was ALREADY_APPLIED.", alreadyApplied::sum);
        group.gauge("commands-rejected-total", "Commands whose result was REJECTED (and went to the DLQ).", rejected::sum);
        group.gauge("commands-in-flight", "Commands being applied to Metronome right now.", inFlight);
    }

    /** A command's result was written; {@code status} is APPLIED, ALREADY_APPLIED or REJECTED. */
    public void commandFinished(String status) {
        switch (status) {
            case "APPLIED" -> applied.increment();
            case "ALREADY_APPLIED" -> alreadyApplied.increment();
            case "REJECTED" -> rejected.increment();
            default -> throw new IllegalArgumentException("Unknown command status " + status);
        }
    }

    @Override
    public void close() {
        group.close();
    }
}
