package io.kafkaconnect.metronome.emulator;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;

/**
 * Throughput of {@code GET /v1/customers/{id}} over keep-alive connections (not a JUnit test):
 * <pre>
 * java -cp emulator/target/test-classes:emulator/target/metronome-emulator.jar:&lt;httpclient5 jars&gt; \
 *     io.kafkaconnect.metronome.emulator.EmulatorThroughputBench [requests] [connections] [customers]
 * </pre>
 * Also prints the heap one seeded customer costs.
 */
public final class EmulatorThroughputBench {
    private EmulatorThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int customers = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;

        try (MetronomeEmulator emulator = new MetronomeEmulator(0, "bench").start();
             CloseableHttpClient http = HttpClients.custom()
                     .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                             .setMaxConnTotal(connections).setMaxConnPerRoute(connections).build())
                     .disableAutomaticRetries().build()) {
            long heapBefore = usedHeapAfterGc();
            List<String> ids = emulator.bulkCreateCustomers(customers, "Bench customer ", "bench-alias-");
            long heapAfter = usedHeapAfterGc();
            System.out.printf("seeded %d customers, ~%d bytes of heap each%n", customers,
                    (heapAfter - heapBefore) / customers);

            run(emulator, http, ids, Math.min(requests, 2_000), connections); // warm-up
            long started = System.nanoTime();
            long failures = run(emulator, http, ids, requests, connections);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%d requests over %d connections in %.2f s: %.0f requests/s (%d non-200)%n",
                    requests, connections, seconds, requests / seconds, failures);
        }
    }

    private static long run(MetronomeEmulator emulator, CloseableHttpClient http, List<String> ids, int requests,
                            int connections) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < connections; w++) {
                done.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        HttpGet get = new HttpGet(emulator.baseUrl() + "/v1/customers/" + ids.get(i % ids.size()));
                        get.setHeader("Authorization", "Bearer " + emulator.token());
                        int status = http.execute(get, response -> {
                            EntityUtils.consume(response.getEntity());
                            return response.getCode();
                        });
                        if (status != 200) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : done) {
                worker.get();
            }
        } finally {
            workers.shutdown();
        }
        return failures.get();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
