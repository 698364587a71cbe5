package io.kafkaconnect.metronome.client;

import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * What {@link MetronomeClient} costs per request on top of the HTTP round trip itself.
 *
 * <p>Against one embedded emulator, {@code GET /v1/customers/{id}} is timed request by request, one at a time,
 * (a) with a bare HttpClient 5 classic client (bearer header, body read as bytes and dropped) and (b) with
 * {@link MetronomeClient#retrieveCustomer} (request building, rate limiter, retry bookkeeping, JSON parsing into
 * {@code CustomerDetail}), and (c) with {@link MetronomeClient#executeAsync} joined at once. The variants take
 * turns request by request; overhead is the median (and mean) of the paired differences client minus bare.
 * The runs are repeated and the median and spread (min..max over runs) of each figure printed.
 *
 * <p>Run: {@code java -cp <test classpath> io.kafkaconnect.metronome.client.ClientOverheadBench [requests] [runs]}
 * (defaults 20000 and 3).
 */
public final class ClientOverheadBench {

    private static final int WARM_UP = 5_000;

    private ClientOverheadBench() {
    }

    public static void main(String[] args) throws IOException {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;

        try (MetronomeEmulator emulator = new MetronomeEmulator(0, "bench-token").start();
             CloseableHttpClient bare = HttpClients.createDefault();
             MetronomeClient client = new MetronomeClient(
                     MetronomeClientSettings.of(emulator.baseUrl(), emulator.token()))) {
            String id = client.createCustomer(CreateCustomerRequest.of("Bench", List.of("bench")),
                    UUID.randomUUID().toString()).id();
            String url = emulator.baseUrl() + "/v1/customers/" + id;
            String authorization = "Bearer " + emulator.token();

            LongSupplier bareCall = () -> timed(() -> {
                HttpGet get = new HttpGet(url);
                get.addHeader("Authorization", authorization);
                get.addHeader("Accept", "application/json");
                try {
                    bare.execute(get, response -> {
                        if (response.getCode() != 200) {
                            throw new IOException("HTTP " + response.getCode());
                        }
                        return EntityUtils.toByteArray(response.getEntity());
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            LongSupplier syncCall = () -> timed(() -> client.retrieveCustomer(id));
            LongSupplier asyncCall = () -> timed(
                    () -> client.executeAsync(MetronomeRequests.retrieveCustomer(id)).join());

            LongSupplier[] variants = {bareCall, syncCall, asyncCall};
            double[] bareP50 = new double[runs];
            double[] syncOverheadP50 = new double[runs];
            double[] syncOverheadMean = new double[runs];
            double[] asyncOverheadP50 = new double[runs];
            double[] asyncOverheadMean = new double[runs];
            System.out.printf(Locale.ROOT, "%d x GET /v1/customers/{id} per variant, one at a time, interleaved;"
                    + " %d runs (warm-up %d each)%n", requests, runs, WARM_UP);
            System.out.printf(Locale.ROOT, "%-4s %12s %12s %12s | %22s %22s%n", "run", "bare p50", "sync p50",
                    "async p50", "sync-bare p50 / mean", "async-bare p50 / mean");
            for (int run = 0; run < runs; run++) {
                long[][] samples = measureInterleaved(variants, requests);
                long[] syncMinusBare = differences(samples[1], samples[0]);
                long[] asyncMinusBare = differences(samples[2], samples[0]);
                bareP50[run] = median(samples[0]) / 1e3;
                syncOverheadP50[run] = median(syncMinusBare) / 1e3;
                syncOverheadMean[run] = mean(syncMinusBare) / 1e3;
                asyncOverheadP50[run] = median(asyncMinusBare) / 1e3;
                asyncOverheadMean[run] = mean(asyncMinusBare) / 1e3;
                System.out.printf(Locale.ROOT, "%-4d %9.1f us %9.1f us %9.1f us | %8.1f / %8.1f us %8.1f / %8.1f us%n",
                        run + 1, bareP50[run], median(samples[1]) / 1e3, median(samples[2]) / 1e3,
                        syncOverheadP50[run], syncOverheadMean[run], asyncOverheadP50[run], asyncOverheadMean[run]);
            }
            System.out.println();
            report("bare round trip, p50", bareP50);
            report("sync client overhead, p50 of (sync - bare)", syncOverheadP50);
            report("sync client overhead, mean of (sync - bare)", syncOverheadMean);
            report("async client overhead, p50 of (async - bare)", asyncOverheadP50);
            report("async client overhead, mean of (async - bare)", asyncOverheadMean);
            System.out.printf(Locale.ROOT, "emulator answered %d requests%n",
                    emulator.requestCounts().getOrDefault("GET /v1/customers/{customer_id}", 0L));
        }
    }

    /**
     * Warms every variant up, then times request i of every variant back to back, so that a slow phase of a
     * shared machine hits all variants alike; returns samples[variant][i] in nanoseconds.
     */
    private static long[][] measureInterleaved(LongSupplier[] variants, int requests) {
        for (int i = 0; i < WARM_UP; i++) {
            for (LongSupplier variant : variants) {
                variant.getAsLong();
            }
        }
        long[][] samples = new long[variants.length][requests];
        for (int i = 0; i < requests; i++) {
            for (int v = 0; v < variants.length; v++) {
                samples[v][i] = variants[v].getAsLong();
            }
        }
        return samples;
    }

    /** Paired per-request differences: the client's time minus the bare request's neighbouring time. */
    private static long[] differences(long[] client, long[] bare) {
        long[] differences = new long[client.length];
        for (int i = 0; i < client.length; i++) {
            differences[i] = client[i] - bare[i];
        }
        return differences;
    }

    private static long timed(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return System.nanoTime() - start;
    }

    private static double median(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private static double mean(long[] samples) {
        return Arrays.stream(samples).average().orElse(Double.NaN);
    }

    private static void report(String what, double[] perRun) {
        double[] sorted = perRun.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        System.out.printf(Locale.ROOT, "%-46s median %7.1f us, spread %7.1f .. %7.1f us over %d runs%n", what,
                median, sorted[0], sorted[sorted.length - 1], sorted.length);
    }
}
