package io.kafkaconnect.metronome.metrics;

import io.kafkaconnect.metronome.client.ClientStats;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * JMX metrics of one source task: {@code kafka.connect.metronome:type=source-task-metrics,connector=<name>,task=<n>}
 * (API requests, retries, throttled, failures, last successful poll) and, per stream,
 * {@code ...,stream=<stream>} with {@code records-emitted-total}.
 */
public final class SourceTaskMetrics implements AutoCloseable {

    static final String GROUP = "source-task-metrics";
    /** The source partition field that names the stream a record belongs to. */
    private static final String STREAM_FIELD = "stream";

    private final TaskMetricsGroup group;
    private final String ignoredTopic;
    private final Map<String, LongAdder> emittedByStream = new ConcurrentHashMap<>();
    private final AtomicLong lastSuccessfulPoll = new AtomicLong();

    /**
     * Registers the MBeans.
     *
     * @param streams      the streams the task runs (each gets its MBean right away, at 0)
     * @param ignoredTopic the task's progress topic, whose bookkeeping records are not data
     */
    public SourceTaskMetrics(String connector, int task, ClientStats stats, List<String> streams, String ignoredTopic) {
        this.group = new TaskMetricsGroup(GROUP, connector, task);
        this.ignoredTopic = ignoredTopic;
        group.addClientStats(stats);
        group.gauge("last-successful-poll-timestamp",
                "When poll() last completed without error, epoch ms; 0 if it has not yet.", lastSuccessfulPoll::get);
        streams.forEach(this::counter);
    }

    /** A poll that completed without error, whether or not it returned records. */
    public void pollSucceeded() {
        lastSuccessfulPoll.set(System.currentTimeMillis());
    }

    /** Counts the records handed to Connect, by the stream named in their source partition. */
    public void recordsEmitted(Collection<SourceRecord> records) {
        for (SourceRecord record : records) {
            if (record.topic().equals(ignoredTopic) || record.sourcePartition() == null) {
                continue;
            }
            Object stream = record.sourcePartition().get(STREAM_FIELD);
            if (stream != null) {
                counter(stream.toString()).increment();
            }
        }
    }

    private LongAdder counter(String stream) {
        return emittedByStream.computeIfAbsent(stream, name -> {
            LongAdder count = new LongAdder();
            group.gauge("records-emitted-total", "Records of this stream returned to Connect by poll().",
                    Map.of("stream", name), count::sum);
            return count;
        });
    }

    @Override
    public void close() {
        group.close();
    }
}
