package io.kafkaconnect.metronome.metrics;

import io.kafkaconnect.metronome.client.ClientStats;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.apache.kafka.common.metrics.Sensor;

/**
 * JMX metrics of one usage sink task:
 * {@code kafka.connect.metronome:type=usage-sink-task-metrics,connector=<name>,task=<n>} with the API counters,
 * events ingested and rejected, requests in flight, events buffered, the size of the batches the task forms and the
 * time of the last successful Metronome call.
 */
public final class UsageSinkTaskMetrics implements AutoCloseable {

    static final String GROUP = "usage-sink-task-metrics";

    private final TaskMetricsGroup group;
    private final LongAdder ingested = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final Sensor batchSize;

    /**
     * @param requestsInFlight ingest requests on the wire or waiting for a retry now
     * @param eventsBuffered   events held now, in flight or waiting to be sent
     */
    public UsageSinkTaskMetrics(String connector, int task, ClientStats stats, LongSupplier requestsInFlight,
                                LongSupplier eventsBuffered) {
        this.group = new TaskMetricsGroup(GROUP, connector, task);
        group.addClientStats(stats);
        group.gauge("last-successful-request-timestamp",
                "When a Metronome call last succeeded, epoch ms; 0 if none has.", stats::lastSuccessEpochMillis);
        group.gauge("events-ingested-total", "Events Metronome acknowledged (accepted, or ignored as a duplicate of "
                + "a transaction_id it had).", ingested::sum);
        group.gauge("events-rejected-total", "Events that cannot be ingested, refused by the connector's checks or "
                + "by Metronome, and sent to the dead-letter queue.", rejected::sum);
        group.gauge("ingest-requests-in-flight", "Ingest requests on the wire or waiting for a retry now.",
                requestsInFlight);
        group.gauge("events-buffered", "Events held now, in flight or waiting to be sent.", eventsBuffered);
        batchSize = group.avgMax("batch-size", "events per batch the task formed from put() (before any bisecting), "
                + "over the last samples window");
    }

    /** Metronome acknowledged a batch of {@code events}. */
    public void ingested(int events) {
        ingested.add(events);
    }

    /** An event went to the dead-letter queue. */
    public void rejected() {
        rejected.increment();
    }

    /** The task formed a batch of {@code events} to send. */
    public void batchFormed(int events) {
        batchSize.record(events);
    }

    @Override
    public void close() {
        group.close();
    }
}
