package io.kafkaconnect.metronome.source;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Measures the customers stream's first scan: customers per second and API calls per 1,000 customers, with the
 * emulator answering after 20 ms. Not a JUnit test; run with the test classpath:
 * {@code java -cp <test classpath> io.kafkaconnect.metronome.source.CustomersScanBench [customers] [runs]}.
 */
public final class CustomersScanBench {

    private CustomersScanBench() {
    }

    public static void main(String[] args) {
        int customers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Double> rates = new ArrayList<>();
        try (MetronomeEmulator emulator = new MetronomeEmulator(0, "dev-token").start();
             MetronomeClient client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), "dev-token"))) {
            emulator.bulkCreateCustomers(customers, "customer ", "alias-");
            emulator.setFaults(FaultSpec.builder().latencyMs(20).ratio(0).build());
            MetronomeSourceConfig config = new MetronomeSourceConfig(Map.of("metronome.api.token", "dev-token",
                    "streams", "customers", "customers.page.size", "100", "poll.interval.ms", "3600000"));
            for (int run = 1; run <= runs; run++) {
                emulator.resetRequestCounts();
                CustomersStream stream = new CustomersStream(config, client, new InMemoryOffsets(),
                        new CustomerRecords());
                long start = System.nanoTime();
                int emitted = 0;
                Instant now = Instant.now();
                while (!stream.nextDue().isAfter(now)) {
                    for (SourceRecord record : stream.poll(now)) {
                        emitted += record.topic().endsWith(".customers") ? 1 : 0;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long calls = emulator.requestCounts().values().stream().mapToLong(Long::longValue).sum();
                rates.add(emitted / seconds);
                System.out.printf("run %d: %d customers in %.3f s = %.0f customers/s; %d API calls = %.1f per 1,000%n",
                        run, emitted, seconds, emitted / seconds, calls, calls * 1000.0 / emitted);
            }
        }
        List<Double> sorted = rates.stream().sorted().toList();
        System.out.printf("median %.0f customers/s (min %.0f, max %.0f)%n", sorted.get(sorted.size() / 2),
                sorted.get(0), sorted.get(sorted.size() - 1));
    }
}
