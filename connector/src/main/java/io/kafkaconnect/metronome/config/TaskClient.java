package io.kafkaconnect.metronome.config;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.SharedRateLimits;

/**
 * A task's Metronome client, paced by the task's share of its connector's request budget ({@link RequestBudget}).
 * Every task (source and both sinks) opens one in {@code start()} and closes it in {@code stop()}, which also gives
 * the share back to the connector's other tasks in this worker.
 */
public final class TaskClient implements AutoCloseable {

    private final SharedRateLimits.Lease lease;
    private final MetronomeClient client;

    private TaskClient(SharedRateLimits.Lease lease, MetronomeClient client) {
        this.lease = lease;
        this.client = client;
    }

    /** Leases the task's share of the budget and opens a client with the task's connection settings. */
    public static TaskClient open(MetronomeConnectionConfig task) {
        SharedRateLimits.Lease lease = RequestBudget.lease(task);
        try {
            return new TaskClient(lease, new MetronomeClient(task.clientSettings(), lease.limiter()));
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    public MetronomeClient client() {
        return client;
    }

    /** Closes the client, then gives the task's share of the budget back. */
    @Override
    public void close() {
        try {
            client.close();
        } finally {
            lease.close();
        }
    }
}
