package io.kafkaconnect.metronome.bench;

import io.kafkaconnect.metronome.source.MetronomeSourceConnector;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Source: a full scan of the customers list (first scan: every customer emitted) by one task, against the
 * API's own bound: list pages × the per-page latency the emulator adds. Replaces the former
 * {@code connector/src/test/.../source/CustomersScanBench}.
 */
final class CustomersScan {

    static final String SECTION = "source: customers scan";
    static final String PROGRESS_TOPIC = "metronome.progress";

    private final EmulatorProcess emulator;
    private final int customers;
    private final long latencyMs;

    CustomersScan(EmulatorProcess emulator, int customers, long latencyMs) {
        this.emulator = emulator;
        this.customers = customers;
        this.latencyMs = latencyMs;
    }

    /** Settings of one source task that runs only the customers stream, unthrottled, one scan per hour. */
    static Map<String, String> taskConfig(String baseUrl, String connectorName) {
        Map<String, String> config = new HashMap<>();
        config.put("name", connectorName);
        config.put("metronome.api.url", baseUrl);
        config.put("metronome.api.token", EmulatorProcess.TOKEN);
        config.put("metronome.requests.per.second", "0");
        config.put("streams", "customers");
        config.put("customers.page.size", "100");
        config.put("poll.interval.ms", "3600000");
        MetronomeSourceConnector connector = new MetronomeSourceConnector();
        connector.start(config);
        return connector.taskConfigs(1).get(0);
    }

    /** Whether {@code record} is the progress record that ends a complete scan. */
    static boolean scanComplete(SourceRecord record) {
        return PROGRESS_TOPIC.equals(record.topic()) && record.value() instanceof String text
                && text.startsWith("scan completed");
    }

    void run(ResultTable table, int runs) throws InterruptedException {
        String n = String.format("%,d", customers);
        Figure elapsed = table.figure(SECTION, "full scan of " + n + " customers", "s",
                "one task, first scan (all customers emitted as records, not sent to Kafka), page size 100, "
                        + latencyMs + " ms added by the emulator to every request");
        Figure bound = table.figure(SECTION, "API bound: list pages × " + latencyMs + " ms", "s",
                "list requests the scan made (active + archived phase) × per-request latency");
        Figure ratio = table.figure(SECTION, "scan time / API bound", "×", "1.00 = no overhead beyond the API");
        Figure rate = table.figure(SECTION, "customers per second", "customers/s", null);
        emulator.reset();
        emulator.seedCustomers(customers, "customer ", "alias-");
        emulator.latency(latencyMs);
        for (int run = 0; run < runs; run++) {
            emulator.resetRequestCounts();
            try (SourceTaskHarness task = new SourceTaskHarness(taskConfig(emulator.baseUrl(), "bench-scan-" + run))) {
                long start = System.nanoTime();
                task.pollUntil(CustomersScan::scanComplete);
                double seconds = (System.nanoTime() - start) / 1e9;
                long pages = emulator.requestCounts().getOrDefault("GET /v1/customers", 0L);
                double apiBound = pages * latencyMs / 1000.0;
                elapsed.add(seconds);
                bound.add(apiBound);
                ratio.add(seconds / apiBound);
                rate.add(customers / seconds);
                Progress.log("scan %d: %.1f s, %d pages, bound %.1f s", run + 1, seconds, pages, apiBound);
            }
        }
    }
}
