package io.kafkaconnect.metronome.bench;

import io.kafkaconnect.metronome.source.MetronomeSourceConnector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The tasks of one source connector running one stream against the emulator, each polled on a thread of its own
 * as a worker runs them ({@link SourceTaskHarness}: no Kafka, no stored offsets), until the caller says the run is over.
 */
final class SourceTaskGroup implements AutoCloseable {

    /** Takes each record a task polled, with the task's index. */
    interface RecordHandler {
        void accept(int task, SourceRecord record);
    }

    private final List<SourceTaskHarness> tasks = new ArrayList<>();

    /**
     * Starts the tasks of connector {@code name}, which runs {@code stream} with {@code requestsPerSecond} as its
     * budget (0: none) and one scan per hour.
     */
    SourceTaskGroup(EmulatorProcess emulator, String name, String stream, double requestsPerSecond, int maxTasks) {
        Map<String, String> config = new HashMap<>();
        config.put("name", name);
        config.put("metronome.api.url", emulator.baseUrl());
        config.put("metronome.api.token", EmulatorProcess.TOKEN);
        config.put("metronome.requests.per.second", String.valueOf(requestsPerSecond));
        config.put("streams", stream);
        config.put("poll.interval.ms", "3600000");
        MetronomeSourceConnector connector = new MetronomeSourceConnector();
        connector.start(config);
        for (Map<String, String> taskConfig : connector.taskConfigs(maxTasks)) {
            tasks.add(new SourceTaskHarness(taskConfig));
        }
    }

    int size() {
        return tasks.size();
    }

    /** Polls every task on its own thread while {@code running} holds, each record to {@code each}; the seconds taken. */
    double pollWhile(BooleanSupplier running, RecordHandler each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            long start = System.nanoTime();
            List<Future<?>> polling = new ArrayList<>();
            for (int t = 0; t < tasks.size(); t++) {
                SourceTaskHarness task = tasks.get(t);
                int index = t;
                polling.add(pool.submit(() -> {
                    task.pollWhile(running, record -> each.accept(index, record));
                    return null;
                }));
            }
            for (Future<?> task : polling) {
                task.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        tasks.forEach(SourceTaskHarness::close);
    }
}
