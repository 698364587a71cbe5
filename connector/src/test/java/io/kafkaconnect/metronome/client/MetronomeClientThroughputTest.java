package io.kafkaconnect.metronome.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The async path keeps many requests in flight at once, as the emulator sees them. How fast (and the rate limiter's
 * pace on both paths) is measured by the bench's client section, not asserted here: a unit test should not depend
 * on the machine's speed.
 */
class MetronomeClientThroughputTest {

    private static final String RETRIEVE = "GET /v1/customers/{customer_id}";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();

    @Test
    void asyncPathKeepsManyRequestsInFlight() {
        int inFlight = 64;
        try (MetronomeClient client = new MetronomeClient(
                MetronomeClientSettings.of(emulator.baseUrl(), emulator.token()), RequestRateLimiter.unlimited())) {
            String customerId = client.execute(MetronomeRequests.createCustomer(
                    CreateCustomerRequest.of("Rated", List.of("rated")), UUID.randomUUID().toString())).id();
            // Warm-up: the first async call starts the I/O reactor and its pool.
            client.executeAsync(MetronomeRequests.retrieveCustomer(customerId)).join();
            emulator.resetRequestCounts();
            // The emulator counts a request when it arrives, then holds it this long: counted while none has
            // answered, all of them were in flight at once. One after another, the second would come 2 s later.
            emulator.setFaults(FaultSpec.builder().latencyMs(2000).build());

            List<CompletableFuture<CustomerDetail>> calls = new ArrayList<>();
            for (int i = 0; i < inFlight; i++) {
                calls.add(client.executeAsync(MetronomeRequests.retrieveCustomer(customerId)));
            }

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> emulator.requestCounts().getOrDefault(RETRIEVE, 0L) == inFlight);
            assertThat(calls.stream().filter(CompletableFuture::isDone).count())
                    .as("requests answered before the last one arrived").isZero();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
            assertThat(calls).allSatisfy(c -> assertThat(c.join().id()).isEqualTo(customerId));
        }
        assertThat(emulator.requestCounts()).containsEntry(RETRIEVE, (long) inFlight);
    }
}
