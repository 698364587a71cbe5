package io.kafkaconnect.metronome.bench;

import static io.kafkaconnect.metronome.client.MetronomeRequests.retrieveCustomer;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.MetronomeRequests.CustomerQuery;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The emulator's own capacity, without added latency, so we know it is not what limits the other figures: many
 * concurrent clients calling one endpoint for a few seconds. Client and emulator share the machine's cores.
 * Replaces the former {@code emulator/src/test/.../EmulatorThroughputBench} (GET /v1/customers/{id}).
 */
final class EmulatorThroughput {

    static final String SECTION = "emulator";
    private static final int CLIENTS = 32;

    private final EmulatorProcess emulator;
    private final long millisPerRun;

    EmulatorThroughput(EmulatorProcess emulator, long millisPerRun) {
        this.emulator = emulator;
        this.millisPerRun = millisPerRun;
    }

    void run(ResultTable table, int runs) throws Exception {
        emulator.reset();
        List<String> ids = new ArrayList<>();
        emulator.seedCustomers(10_000, "customer ", "alias-");
        try (MetronomeClient client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(),
                EmulatorProcess.TOKEN).withMaxConnections(CLIENTS))) {
            client.listCustomers(CustomerQuery.page(100, null, false)).data().forEach(c -> ids.add(c.id()));
            Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS);
            Instant from = to.minus(3, ChronoUnit.DAYS);
            measure(table, runs, "GET /v1/customers/{id}",
                    c -> c.execute(retrieveCustomer(ids.get(ThreadLocalRandom.current().nextInt(ids.size())))), client);
            measure(table, runs, "GET /v1/customers (pages of 100)",
                    c -> c.listCustomers(CustomerQuery.page(100, null, false)), client);
            measure(table, runs, "GET /v1/customers/{id}/costs (3 days)",
                    c -> c.listCosts(ids.get(ThreadLocalRandom.current().nextInt(ids.size())), from, to, null,
                            null), client);
        }
    }

    private void measure(ResultTable table, int runs, String endpoint, Consumer<MetronomeClient> call,
                         MetronomeClient client) throws Exception {
        Figure rate = table.figure(SECTION, endpoint, "requests/s", CLIENTS + " concurrent synchronous clients in "
                + "the bench JVM, emulator in its own JVM, no added latency, " + millisPerRun + " ms per run");
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int run = 0; run < runs; run++) {
                emulator.resetRequestCounts();
                long deadline = System.nanoTime() + millisPerRun * 1_000_000;
                long start = System.nanoTime();
                List<Future<?>> clients = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(pool.submit(() -> {
                        while (System.nanoTime() < deadline) {
                            call.accept(client);
                        }
                    }));
                }
                for (Future<?> f : clients) {
                    f.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                rate.add(emulator.totalRequests() / seconds);
            }
        } finally {
            pool.shutdownNow();
        }
        Progress.log("emulator %s: %.0f requests/s (median)", endpoint, rate.median());
    }
}
