package io.kafkaconnect.metronome.testkit;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Connect's side of a sink task, as far as the task uses it, for unit tests and the bench: the task's configs and a
 * fixed assignment, no dead-letter queue, nothing paused; it remembers the poll timeout the task last asked for.
 * Compiled against Connect 3.6, so it has no {@code pluginMetrics()}: the plugin never calls it.
 */
public final class FakeSinkTaskContext implements SinkTaskContext {

    private final Map<String, String> configs;
    private final Set<TopicPartition> assignment;
    private volatile long requestedTimeoutMs = -1;

    public FakeSinkTaskContext(Map<String, String> configs, Set<TopicPartition> assignment) {
        this.configs = configs;
        this.assignment = assignment;
    }

    /** The poll timeout the task asked for through {@link #timeout(long)} since it was last cleared, or -1. */
    public long requestedTimeoutMs() {
        return requestedTimeoutMs;
    }

    /** Forgets the requested timeout, e.g. once a worker would have called put() again. */
    public void clearRequestedTimeout() {
        requestedTimeoutMs = -1;
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
    }

    @Override
    public void timeout(long timeoutMs) {
        requestedTimeoutMs = timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
    }
}
