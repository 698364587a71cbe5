package io.kafkaconnect.metronome.bench;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.MetronomeRequests;
import io.kafkaconnect.metronome.client.MetronomeRequests.CustomerQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Client: what {@link MetronomeClient} costs per request on top of the HTTP round trip itself.
 * {@code GET /v1/customers/{id}} is timed request by request, one at a time, (a) with a bare HttpClient 5 classic
 * client (bearer header, body read as bytes and dropped), (b) with the blocking {@link MetronomeClient#execute}
 * (request building, rate limiter, retry bookkeeping, JSON parsing into {@code CustomerDetail}, the wait for the async
 * call's future) and (c) with {@link MetronomeClient#executeAsync} joined at once. The variants take turns request
 * by request, so a slow phase of a shared machine hits them alike; the overhead is taken from the paired differences
 * client − bare.
 * Replaces the former {@code connector/src/test/.../client/ClientOverheadBench}.
 */
final class ClientOverhead {

    static final String SECTION = "client";

    private final EmulatorProcess emulator;
    private final int requests;
    private final int warmUp;

    ClientOverhead(EmulatorProcess emulator, int requests, int warmUp) {
        this.emulator = emulator;
        this.requests = requests;
        this.warmUp = warmUp;
    }

    void run(ResultTable table, int runs) throws IOException {
        String setup = String.format("GET /v1/customers/{id}, %,d requests per variant and run (after %,d of "
                + "warm-up), one at a time, variants interleaved request by request; emulator in its own JVM, no "
                + "added latency", requests, warmUp);
        Figure bareP50 = table.figure(SECTION, "bare HttpClient 5 round trip, p50", "µs", setup);
        Figure syncP50 = table.figure(SECTION, "sync client overhead, p50 of (sync − bare)", "µs",
                "MetronomeClient.execute(retrieveCustomer) minus the bare request next to it, per request");
        Figure syncMean = table.figure(SECTION, "sync client overhead, mean of (sync − bare)", "µs", null);
        Figure asyncP50 = table.figure(SECTION, "async client overhead, p50 of (async − bare)", "µs",
                "MetronomeClient.executeAsync(...).join(), one request at a time, minus the bare request");
        Figure asyncMean = table.figure(SECTION, "async client overhead, mean of (async − bare)", "µs", null);
        emulator.reset();
        emulator.seedCustomers(1, "customer ", "alias-");
        try (CloseableHttpClient bare = HttpClients.createDefault();
             MetronomeClient client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(),
                     EmulatorProcess.TOKEN))) {
            String id = client.listCustomers(CustomerQuery.page(1, null, false)).data().get(0).id();
            String url = emulator.baseUrl() + "/v1/customers/" + id;
            LongSupplier bareCall = () -> timed(() -> bareGet(bare, url));
            LongSupplier syncCall = () -> timed(() -> client.execute(MetronomeRequests.retrieveCustomer(id)));
            LongSupplier asyncCall = () -> timed(
                    () -> client.executeAsync(MetronomeRequests.retrieveCustomer(id)).join());
            LongSupplier[] variants = {bareCall, syncCall, asyncCall};
            for (int run = 0; run < runs; run++) {
                long[][] samples = measureInterleaved(variants);
                long[] syncMinusBare = differences(samples[1], samples[0]);
                long[] asyncMinusBare = differences(samples[2], samples[0]);
                bareP50.add(median(samples[0]) / 1e3);
                syncP50.add(median(syncMinusBare) / 1e3);
                syncMean.add(mean(syncMinusBare) / 1e3);
                asyncP50.add(median(asyncMinusBare) / 1e3);
                asyncMean.add(mean(asyncMinusBare) / 1e3);
                Progress.log("client %d: bare p50 %.0f µs, overhead p50 sync %.1f µs, async %.1f µs", run + 1,
                        median(samples[0]) / 1e3, median(syncMinusBare) / 1e3, median(asyncMinusBare) / 1e3);
            }
        }
    }

    private static void bareGet(CloseableHttpClient bare, String url) {
        HttpGet get = new HttpGet(url);
        get.addHeader("Authorization", "Bearer " + EmulatorProcess.TOKEN);
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
    }

    /** Warms every variant up, then times request i of every variant back to back; samples[variant][i] in ns. */
    private long[][] measureInterleaved(LongSupplier[] variants) {
        for (int i = 0; i < warmUp; i++) {
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
}
