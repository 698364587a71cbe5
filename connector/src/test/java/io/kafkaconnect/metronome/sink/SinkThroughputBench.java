package io.kafkaconnect.metronome.sink;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Commands per second through {@link CustomerLanes} and {@link CommandApplier} against the embedded emulator with
 * 20 ms latency per request, with {@code commands.max.in.flight} 1 and 64 (the default), three runs each,
 * interleaved. Each run renames 100 customers 5 times (by ingest alias, cold alias cache: 600 requests).
 * Not a JUnit test: run its main with the test classpath.
 */
public final class SinkThroughputBench {

    private static final int CUSTOMERS = 100;
    private static final int RENAMES = 5;

    private SinkThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        try (MetronomeEmulator emulator = new MetronomeEmulator(0, "dev-token").start()) {
            emulator.bulkCreateCustomers(CUSTOMERS, "Bench ", "bench-");
            emulator.setFaults(FaultSpec.builder().latencyMs(20).build());
            List<Double> one = new ArrayList<>();
            List<Double> many = new ArrayList<>();
            for (int run = 1; run <= 3; run++) {
                one.add(run(emulator, 1, run));
                many.add(run(emulator, 64, run));
                System.out.printf(Locale.ROOT, "run %d: in-flight 1: %.1f commands/s, in-flight 64: %.1f commands/s%n",
                        run, one.get(run - 1), many.get(run - 1));
            }
            double m1 = median(one);
            double m64 = median(many);
            System.out.printf(Locale.ROOT, "median in-flight 1: %.1f/s (spread %.1f-%.1f), in-flight 64: %.1f/s "
                    + "(spread %.1f-%.1f), ratio %.1fx%n", m1, min(one), max(one), m64, min(many), max(many), m64 / m1);
        }
    }

    private static double run(MetronomeEmulator emulator, int maxInFlight, int run) throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (MetronomeClient client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), emulator.token()))) {
            CommandApplier applier = new CommandApplier(client, new AliasResolver(client, 10_000, Duration.ofMinutes(10)),
                    scheduler, Duration.ofMillis(100), Duration.ofSeconds(2));
            CustomerLanes lanes = new CustomerLanes(maxInFlight);
            List<CompletableFuture<CommandOutcome>> outcomes = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < RENAMES; i++) {
                for (int c = 0; c < CUSTOMERS; c++) {
                    CustomerCommand command = new CustomerCommand.SetName("bench-" + maxInFlight + "-" + run + "-" + c
                            + "-" + i, CustomerRef.byAlias("bench-" + c), "Bench " + c + " run " + run + " v" + i);
                    CompletableFuture<CommandOutcome> outcome = new CompletableFuture<>();
                    outcomes.add(outcome);
                    lanes.submit(command.customer().laneKey(), () -> applier.apply(command).whenComplete((o, e) -> {
                        if (e != null) {
                            outcome.completeExceptionally(e);
                        } else {
                            outcome.complete(o);
                        }
                    }));
                }
            }
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            long applied = outcomes.stream().filter(o -> o.join().status() == CommandStatus.APPLIED).count();
            if (applied != outcomes.size()) {
                throw new IllegalStateException(applied + " of " + outcomes.size() + " commands applied");
            }
            return outcomes.size() / seconds;
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
