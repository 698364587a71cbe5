package io.kafkaconnect.metronome.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Source: the first costs sync of every customer by several tasks of one connector sharing its request budget
 * ({@code metronome.requests.per.second}), reported as the share of that budget it used and its time against the
 * bound the budget sets (requests / budget).
 */
final class CostsSync {

    static final String SECTION = "source: costs sync";

    private final EmulatorProcess emulator;
    private final int customers;
    private final long latencyMs;
    private final double budget;
    private final int tasks;

    CostsSync(EmulatorProcess emulator, int customers, long latencyMs, double budget, int tasks) {
        this.emulator = emulator;
        this.customers = customers;
        this.latencyMs = latencyMs;
        this.budget = budget;
        this.tasks = tasks;
    }

    void run(ResultTable table, int runs) throws Exception {
        String setup = String.format("%,d customers, %d tasks sharing metronome.requests.per.second=%.0f, %d ms per "
                + "request", customers, tasks, budget, latencyMs);
        Figure elapsed = table.figure(SECTION, String.format("sync of %,d customers", customers), "s",
                setup + "; from the tasks' first poll to the last customer's watermark");
        Figure bound = table.figure(SECTION, "budget bound: requests / budget", "s",
                "list pages (each task lists all customers to find its shard) + one costs request per customer");
        Figure used = table.figure(SECTION, "rate budget used: requests / (budget × time)", "fraction",
                "1.00 = every request the budget allows was made");
        emulator.reset();
        emulator.seedCustomers(customers, "customer ", "alias-");
        emulator.latency(latencyMs);
        for (int run = 0; run < runs; run++) {
            emulator.resetRequestCounts();
            AtomicLong watermarks = new AtomicLong();
            double seconds;
            try (SourceTaskGroup group = new SourceTaskGroup(emulator, "bench-costs-" + run, "costs", budget, tasks)) {
                seconds = group.pollWhile(() -> watermarks.get() < customers, (task, record) -> {
                    if (isWatermark(record)) {
                        watermarks.incrementAndGet();
                    }
                });
            }
            long requests = emulator.totalRequests();
            elapsed.add(seconds);
            bound.add(requests / budget);
            used.add(requests / (budget * seconds));
            Progress.log("costs sync %d: %.1f s, %d requests, %.0f%% of the budget", run + 1, seconds, requests,
                    100 * requests / (budget * seconds));
        }
    }

    /** The progress record that stores a customer's costs watermark: one per customer on its first visit. */
    private static boolean isWatermark(SourceRecord record) {
        return CustomersScan.PROGRESS_TOPIC.equals(record.topic()) && record.value() instanceof String text
                && text.startsWith("watermark");
    }
}
