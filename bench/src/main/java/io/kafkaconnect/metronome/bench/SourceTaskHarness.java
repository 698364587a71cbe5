package io.kafkaconnect.metronome.bench;

import io.kafkaconnect.metronome.source.MetronomeSourceTask;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Runs one real {@link MetronomeSourceTask} the way a worker does (start, poll in a loop, commit each record, stop)
 * with no Kafka around it: a fresh task with no stored offsets, whose records are counted and dropped. What is
 * measured is the task itself (HTTP, JSON, change detection, record building), not a producer.
 */
final class SourceTaskHarness implements AutoCloseable {

    private final MetronomeSourceTask task = new MetronomeSourceTask();

    SourceTaskHarness(Map<String, String> taskConfig) {
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return taskConfig;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return NO_OFFSETS;
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return null;
            }
        });
        task.start(taskConfig);
    }

    /** Polls until a record satisfies {@code last}. */
    void pollUntil(Predicate<SourceRecord> last) throws InterruptedException {
        boolean[] seen = new boolean[1];
        pollWhile(() -> !seen[0], record -> seen[0] |= last.test(record));
    }

    /** Polls while {@code running} holds, handing every record to {@code each}. */
    void pollWhile(BooleanSupplier running, Consumer<SourceRecord> each) throws InterruptedException {
        while (running.getAsBoolean()) {
            List<SourceRecord> records = task.poll();
            if (records == null) {
                continue;
            }
            for (SourceRecord record : records) {
                task.commitRecord(record, null);
                each.accept(record);
            }
        }
    }

    @Override
    public void close() {
        task.stop();
    }

    private static final OffsetStorageReader NO_OFFSETS = new OffsetStorageReader() {
        @Override
        public <T> Map<String, Object> offset(Map<String, T> partition) {
            return null;
        }

        @Override
        public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
            return Map.of();
        }
    };
}
