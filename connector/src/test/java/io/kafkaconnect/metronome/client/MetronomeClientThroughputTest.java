package io.kafkaconnect.metronome.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.client.model.CustomerDetail;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rate limiter holds its rate on both paths, and the async path keeps many requests in flight. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetronomeClientThroughputTest {

    private static final String RETRIEVE = "GET /v1/customers/{customer_id}";
    private static final double RATE = 20.0;
    private static final int REQUESTS = 100;

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private String customerId;

    @BeforeEach
    void seedCustomer() {
        try (MetronomeClient client = newClient(RequestRateLimiter.unlimited())) {
            customerId = client.execute(MetronomeRequests.createCustomer(
                    CreateCustomerRequest.of("Rated", List.of("rated")), UUID.randomUUID().toString())).id();
        }
        emulator.resetRequestCounts();
    }

    @Test
    void blockingCallsHoldTheConfiguredRate() {
        try (MetronomeClient client = newClient(new RequestRateLimiter(RATE))) {
            // connection set up, classes loaded; takes the first slot
            client.execute(MetronomeRequests.retrieveCustomer(customerId));
            long start = System.nanoTime();
            for (int i = 0; i < REQUESTS; i++) {
                client.execute(MetronomeRequests.retrieveCustomer(customerId));
            }
            assertRate(System.nanoTime() - start);
        }
        assertThat(emulator.requestCounts()).containsEntry(RETRIEVE, (long) REQUESTS + 1);
    }

    @Test
    void asyncCallsHoldTheConfiguredRate() {
        try (MetronomeClient client = newClient(new RequestRateLimiter(RATE))) {
            client.executeAsync(MetronomeRequests.retrieveCustomer(customerId)).join(); // starts the I/O reactor
            long start = System.nanoTime();
            List<CompletableFuture<CustomerDetail>> calls = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                calls.add(client.executeAsync(MetronomeRequests.retrieveCustomer(customerId)));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
            assertRate(System.nanoTime() - start);
            assertThat(calls).allSatisfy(c -> assertThat(c.join().id()).isEqualTo(customerId));
        }
        assertThat(emulator.requestCounts()).containsEntry(RETRIEVE, (long) REQUESTS + 1);
    }

    @Test
    void asyncPathKeepsManyRequestsInFlight() {
        int inFlight = 64;
        long latencyMs = 100;
        emulator.setFaults(FaultSpec.builder().latencyMs(latencyMs).build());
        try (MetronomeClient client = newClient(RequestRateLimiter.unlimited())) {
            // Warm-up: the first async call starts the I/O reactor and its pool.
            client.executeAsync(MetronomeRequests.retrieveCustomer(customerId)).join();
            emulator.resetRequestCounts();

            long start = System.nanoTime();
            List<CompletableFuture<CustomerDetail>> calls = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                calls.add(client.executeAsync(MetronomeRequests.retrieveCustomer(customerId)));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            // One after the other they would take 64 x 100 ms = 6.4 s; in flight together, little over 100 ms.
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(latencyMs));
            assertThat(took).isLessThan(Duration.ofMillis(inFlight * latencyMs / 4));
            assertThat(calls).allSatisfy(c -> assertThat(c.join().id()).isEqualTo(customerId));
        }
        assertThat(emulator.requestCounts()).containsEntry(RETRIEVE, (long) inFlight);
    }

    /**
     * After a warm-up request took the first slot, n more requests spaced at RATE end n / RATE seconds later:
     * the measured rate must be within 10 % of the configured one.
     */
    private static void assertRate(long elapsedNanos) {
        double measured = REQUESTS / (elapsedNanos / 1e9);
        assertThat(measured).isBetween(RATE * 0.9, RATE * 1.1);
    }

    private MetronomeClient newClient(RequestRateLimiter limiter) {
        return new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), emulator.token()), limiter);
    }
}
