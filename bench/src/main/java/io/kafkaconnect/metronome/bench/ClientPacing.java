package io.kafkaconnect.metronome.bench;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.MetronomeRequests;
import io.kafkaconnect.metronome.client.MetronomeRequests.CustomerQuery;
import io.kafkaconnect.metronome.client.RequestRateLimiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Client: the rate limiter's pace on the blocking and the async path, and how many requests the async path keeps
 * in flight. The timing claims of the former unit test {@code MetronomeClientThroughputTest}: the unit test now
 * only checks that the requests overlap, this measures by how much.
 */
final class ClientPacing {

    private static final double RATE = 20.0;
    private static final int RATED_REQUESTS = 100;
    private static final int IN_FLIGHT = 64;
    private static final long LATENCY_MS = 100;

    private final EmulatorProcess emulator;

    ClientPacing(EmulatorProcess emulator) {
        this.emulator = emulator;
    }

    void run(ResultTable table, int runs) {
        String rated = String.format("%d GET /v1/customers/{id} after one warm-up request, client's rate limiter at "
                + "%.0f requests/s (within 10 %% of it is right); no added latency", RATED_REQUESTS, RATE);
        Figure blocking = table.figure(ClientOverhead.SECTION, "blocking calls at a limit of 20/s, measured rate",
                "requests/s", rated + "; one after another");
        Figure async = table.figure(ClientOverhead.SECTION, "async calls at a limit of 20/s, measured rate",
                "requests/s", "the same, all issued at once through executeAsync");
        Figure overlap = table.figure(ClientOverhead.SECTION, IN_FLIGHT + " async requests at " + LATENCY_MS
                + " ms each, time", "ms", "issued at once, no rate limit; one after another they would take "
                + IN_FLIGHT * LATENCY_MS + " ms, all in flight together little over " + LATENCY_MS + " ms");
        emulator.reset();
        emulator.seedCustomers(1, "customer ", "alias-");
        MetronomeClientSettings settings = MetronomeClientSettings.of(emulator.baseUrl(), EmulatorProcess.TOKEN);
        for (int run = 0; run < runs; run++) {
            try (MetronomeClient client = new MetronomeClient(settings, new RequestRateLimiter(RATE))) {
                String id = client.listCustomers(CustomerQuery.page(1, null, false)).data().get(0).id();
                blocking.add(ratePerSecond(() -> {
                    for (int i = 0; i < RATED_REQUESTS; i++) {
                        client.execute(MetronomeRequests.retrieveCustomer(id));
                    }
                }));
            }
            try (MetronomeClient client = new MetronomeClient(settings, new RequestRateLimiter(RATE))) {
                String id = client.listCustomers(CustomerQuery.page(1, null, false)).data().get(0).id();
                client.executeAsync(MetronomeRequests.retrieveCustomer(id)).join(); // starts the I/O reactor
                async.add(ratePerSecond(() -> allAtOnce(client, id, RATED_REQUESTS)));
            }
            emulator.latency(LATENCY_MS);
            try (MetronomeClient client = new MetronomeClient(settings, RequestRateLimiter.unlimited())) {
                String id = client.listCustomers(CustomerQuery.page(1, null, false)).data().get(0).id();
                client.executeAsync(MetronomeRequests.retrieveCustomer(id)).join();
                long start = System.nanoTime();
                allAtOnce(client, id, IN_FLIGHT);
                overlap.add((System.nanoTime() - start) / 1e6);
            } finally {
                emulator.latency(0);
            }
            Progress.log("client pacing %d: blocking %.1f/s, async %.1f/s, %d in flight %.0f ms", run + 1,
                    blocking.median(), async.median(), IN_FLIGHT, overlap.median());
        }
    }

    /** After a first request took the limiter's first slot, n more spaced at RATE end n / RATE seconds later. */
    private static double ratePerSecond(Runnable requests) {
        long start = System.nanoTime();
        requests.run();
        return RATED_REQUESTS / ((System.nanoTime() - start) / 1e9);
    }

    private static void allAtOnce(MetronomeClient client, String id, int requests) {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            calls.add(client.executeAsync(MetronomeRequests.retrieveCustomer(id)));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
    }
}
