package io.kafkaconnect.metronome.bench;

import io.kafkaconnect.metronome.testkit.FakeSinkTaskContext;
import io.kafkaconnect.metronome.usage.MetronomeUsageSinkConnector;
import io.kafkaconnect.metronome.usage.MetronomeUsageSinkTask;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * One real {@link MetronomeUsageSinkTask} sending pre-built usage records the way a worker hands them over (put()
 * batches of up to 500, the consumer's default max.poll.records; nothing while the task has paused consumption). The
 * values are JSON text, as the StringConverter gives them, so the task parses them. A run ends when preCommit()
 * offers the offset after the last record: every event acknowledged by Metronome.
 */
final class UsageEventRun {

    static final String TOPIC = "bench-usage";
    static final String ALIAS_PREFIX = "bench-usage-";
    private static final int PUT_BATCH = 500;
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    /** What one run measured. */
    record Outcome(int events, double seconds, int pauses) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private UsageEventRun() {
    }

    /**
     * {@code count} usage events as records of one partition, values as JSON text; transaction ids
     * {@code prefix + i}, customers by ingest alias round robin over {@code customers}, time a minute ago (inside
     * the ingest window of the emulator's clock), a few properties as a product event would have.
     */
    static List<SinkRecord> records(String prefix, int count, int customers) {
        String timestamp = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS).toString();
        List<SinkRecord> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String alias = ALIAS_PREFIX + (i % customers);
            String value = "{\"transaction_id\":\"" + prefix + i + "\",\"customer_id\":\"" + alias
                    + "\",\"event_type\":\"api_call\",\"timestamp\":\"" + timestamp
                    + "\",\"properties\":{\"endpoint\":\"/v1/search\",\"region\":\"eu-west-1\",\"bytes\":"
                    + (i % 5000) + ",\"latency_ms\":" + (i % 97) + ".5}}";
            records.add(new SinkRecord(TOPIC, 0, Schema.STRING_SCHEMA, alias, Schema.STRING_SCHEMA, value, i));
        }
        return records;
    }

    /** Sends {@code records} with a fresh task; the clock runs from the first put() to the last acknowledgement. */
    static Outcome send(String baseUrl, List<SinkRecord> records, int batchMaxEvents, int maxInFlight)
            throws InterruptedException {
        MetronomeUsageSinkTask task = new MetronomeUsageSinkTask();
        Map<String, String> config = taskConfig(baseUrl, batchMaxEvents, maxInFlight);
        // the bench's events are all valid: no dead-letter queue
        PauseAwareContext context = new PauseAwareContext(new FakeSinkTaskContext(config, Set.of(PARTITION)));
        task.initialize(context);
        task.start(config);
        try {
            Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>();
            long start = System.nanoTime();
            int next = 0;
            while (next < records.size()) {
                if (context.paused) {
                    task.put(List.of()); // a paused consumer returns nothing, and the worker calls put() anyway
                    TimeUnit.MILLISECONDS.sleep(1);
                    continue;
                }
                int end = Math.min(records.size(), next + PUT_BATCH);
                task.put(records.subList(next, end));
                next = end;
                consumed.put(PARTITION, new OffsetAndMetadata(next));
            }
            long last = records.size();
            while (committed(task.preCommit(consumed)) < last) {
                TimeUnit.MICROSECONDS.sleep(500);
            }
            return new Outcome(records.size(), (System.nanoTime() - start) / 1e9, context.pauses);
        } finally {
            task.stop();
        }
    }

    private static long committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        OffsetAndMetadata offset = offsets.get(PARTITION);
        return offset == null ? 0 : offset.offset();
    }

    private static Map<String, String> taskConfig(String baseUrl, int batchMaxEvents, int maxInFlight) {
        Map<String, String> config = new HashMap<>();
        config.put("name", "bench-usage-sink");
        config.put("topics", TOPIC);
        config.put("metronome.api.url", baseUrl);
        config.put("metronome.api.token", EmulatorProcess.TOKEN);
        config.put("metronome.requests.per.second", "0");
        config.put("metronome.max.connections", String.valueOf(Math.max(64, maxInFlight)));
        config.put("usage.batch.max.events", String.valueOf(batchMaxEvents));
        config.put("usage.max.in.flight", String.valueOf(maxInFlight));
        MetronomeUsageSinkConnector connector = new MetronomeUsageSinkConnector();
        connector.start(config);
        return connector.taskConfigs(1).get(0);
    }

    /** The fake context, plus whether the task has paused consumption now, as a worker's consumer would know. */
    private static final class PauseAwareContext implements SinkTaskContext {
        private final FakeSinkTaskContext delegate;
        volatile boolean paused;
        int pauses;

        PauseAwareContext(FakeSinkTaskContext delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<String, String> configs() {
            return delegate.configs();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
            delegate.offset(offsets);
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
            delegate.offset(tp, offset);
        }

        @Override
        public void timeout(long timeoutMs) {
            delegate.timeout(timeoutMs);
        }

        @Override
        public Set<TopicPartition> assignment() {
            return delegate.assignment();
        }

        @Override
        public void pause(TopicPartition... partitions) {
            paused = true;
            pauses++;
        }

        @Override
        public void resume(TopicPartition... partitions) {
            paused = false;
        }

        @Override
        public void requestCommit() {
            delegate.requestCommit();
        }

        @Override
        public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
            return null; // the plugin compiles against Connect 3.6 and never asks
        }
    }
}
