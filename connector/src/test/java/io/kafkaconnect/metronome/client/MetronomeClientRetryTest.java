package io.kafkaconnect.metronome.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.client.MetronomeApiException.BadRequestException;
import io.kafkaconnect.metronome.client.MetronomeApiException.ForbiddenException;
import io.kafkaconnect.metronome.client.MetronomeApiException.RateLimitedException;
import io.kafkaconnect.metronome.client.MetronomeApiException.ServerErrorException;
import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.client.model.CustomerDetail;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Retries against the emulator's fault injector: what is retried, after how long, how many times, and
 * what must never be repeated. Every assertion on "how many times" reads the emulator's request counter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetronomeClientRetryTest {

    private static final String RETRIEVE = "GET /v1/customers/{customer_id}";
    private static final RetryPolicy FAST_RETRIES = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(50));

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private MetronomeClient client;

    @BeforeAll
    void startClient() {
        client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), emulator.token())
                .withRetryPolicy(FAST_RETRIES));
    }

    @AfterAll
    void stop() {
        client.close();
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void rateLimitedRequestIsRetriedAfterRetryAfter(CallMode mode) {
        String id = createCustomer("Throttled");
        emulator.resetRequestCounts();
        emulator.setFaults(FaultSpec.builder().status(429).ratio(1.0).retryAfterSeconds(1).build());
        long throttledBefore = client.stats().throttled();

        long start = System.nanoTime();
        CompletableFuture<CustomerDetail> call = CompletableFuture.supplyAsync(
                () -> mode.call(client, MetronomeRequests.retrieveCustomer(id)));
        // The first attempt got its 429; lift the throttle so that the retry (due 1 s later) succeeds.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                .until(() -> emulator.requestCounts().getOrDefault(RETRIEVE, 0L) >= 1);
        emulator.clearFaults();
        CustomerDetail detail = call.join();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(detail.id()).isEqualTo(id);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(emulator.requestCounts()).containsEntry(RETRIEVE, 2L);
        assertThat(client.stats().throttled() - throttledBefore).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void givesUpAfterTheConfiguredAttempts(CallMode mode) {
        emulator.setFaults(FaultSpec.builder().status(503).ratio(1.0).build());

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class,
                () -> mode.call(client, MetronomeRequests.retrieveCustomer("c-1")));

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.apiMessage()).isEqualTo("Injected fault: HTTP 503");
        assertThat(emulator.requestCounts()).containsEntry(RETRIEVE, (long) FAST_RETRIES.maxAttempts());
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void givesUpOnPersistentThrottlingAfterTheConfiguredAttempts(CallMode mode) {
        MetronomeClientSettings settings = MetronomeClientSettings.of(emulator.baseUrl(), emulator.token())
                .withRetryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10)));
        emulator.setFaults(FaultSpec.builder().status(429).ratio(1.0).retryAfterSeconds(0).build());
        try (MetronomeClient twoAttempts = new MetronomeClient(settings)) {
            RateLimitedException e = catchThrowableOfType(RateLimitedException.class,
                    () -> mode.call(twoAttempts, MetronomeRequests.retrieveCustomer("c-1")));

            assertThat(e.status()).isEqualTo(429);
            assertThat(e.retryAfter()).contains(Duration.ZERO);
            assertThat(twoAttempts.stats().failures()).isEqualTo(1);
            assertThat(twoAttempts.stats().retries()).isEqualTo(1);
        }
        assertThat(emulator.requestCounts()).containsEntry(RETRIEVE, 2L);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void unkeyedGetIsRetriedAfterAServerError(CallMode mode) {
        String id = createCustomer("Flaky");
        emulator.resetRequestCounts();
        // A seed whose first draw fails and second passes at ratio 0.5: one 500, then the answer.
        emulator.setFaults(FaultSpec.builder().status(500).ratio(0.5).seed(seedFailingFirstDrawOnly(0.5)).build());

        CustomerDetail detail = mode.call(client, MetronomeRequests.retrieveCustomer(id));

        assertThat(detail.id()).isEqualTo(id);
        assertThat(emulator.requestCounts()).containsEntry(RETRIEVE, 2L);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void keyedPostIsNotRetriedOnAServerError(CallMode mode) {
        String id = createCustomer("Original");
        emulator.resetRequestCounts();
        emulator.setFaults(FaultSpec.builder().status(500).ratio(1.0).build());

        ServerErrorException e = catchThrowableOfType(ServerErrorException.class,
                () -> mode.call(client, MetronomeRequests.setName(id, "Renamed", key())));

        // Metronome would replay this 500 for the same key: only the caller, under a new key, can retry.
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.isRetriable()).isTrue();
        assertThat(emulator.requestCounts()).containsEntry("POST /v1/customers/{customer_id}/setName", 1L);
        emulator.clearFaults();
        assertThat(client.execute(MetronomeRequests.retrieveCustomer(id)).name()).isEqualTo("Original");
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void keyedPostIsRetriedWhenRateLimited(CallMode mode) {
        emulator.setFaults(FaultSpec.builder().status(429).ratio(0.5).retryAfterSeconds(0)
                .seed(seedFailingFirstDrawOnly(0.5)).build());

        String id = mode.call(client, MetronomeRequests.createCustomer(
                CreateCustomerRequest.of("Created once", List.of("once")), key())).id();

        // A 429 is refused before anything is stored, so the same key may be sent again.
        assertThat(emulator.requestCounts()).containsEntry("POST /v1/customers", 2L);
        assertThat(emulator.customers()).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo(id));
    }

    /** 403 (the token may not make this call) and 422 (the request is invalid) are permanent: one request each. */
    @ParameterizedTest
    @EnumSource(CallMode.class)
    void forbiddenAndUnprocessableAreNotRetried(CallMode mode) {
        String id = createCustomer("Permanent");
        emulator.resetRequestCounts();
        long retriesBefore = client.stats().retries();
        emulator.setFaults(FaultSpec.builder().status(403).ratio(1.0).pathPrefix("/v1/customers/" + id)
                .message("This API key does not have access to this endpoint").build());

        ForbiddenException forbidden = catchThrowableOfType(ForbiddenException.class,
                () -> mode.call(client, MetronomeRequests.setName(id, "Renamed", key())));

        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.apiMessage()).isEqualTo("This API key does not have access to this endpoint");
        assertThat(forbidden.isRetriable()).isFalse();
        assertThat(emulator.requestCounts()).containsEntry("POST /v1/customers/{customer_id}/setName", 1L);

        emulator.setFaults(FaultSpec.builder().status(422).ratio(1.0).message("name is not acceptable").build());
        BadRequestException unprocessable = catchThrowableOfType(BadRequestException.class,
                () -> mode.call(client, MetronomeRequests.retrieveCustomer(id)));

        assertThat(unprocessable.status()).isEqualTo(422);
        assertThat(unprocessable.apiMessage()).isEqualTo("name is not acceptable");
        assertThat(unprocessable.isRetriable()).isFalse();
        assertThat(emulator.requestCounts()).containsEntry(RETRIEVE, 1L);
        assertThat(client.stats().retries() - retriesBefore).isZero();
        emulator.clearFaults();
        assertThat(client.execute(MetronomeRequests.retrieveCustomer(id)).name()).isEqualTo("Permanent");
    }

    @Test
    void closingTheClientFailsAsyncRequestsWaitingForARetry() {
        emulator.setFaults(FaultSpec.builder().status(429).ratio(1.0).retryAfterSeconds(30).build());
        MetronomeClient closing = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), emulator.token()));
        CompletableFuture<CustomerDetail> waiting = closing.executeAsync(MetronomeRequests.retrieveCustomer("c-1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.requestCounts().getOrDefault(RETRIEVE, 0L) >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> closing.stats().retries() == 1);

        closing.close();

        // A task stopping during a 30 s backoff must not leave its callers waiting for an answer that never comes.
        assertThat(waiting).failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(MetronomeTransportException.class);
        assertThat(closing.executeAsync(MetronomeRequests.retrieveCustomer("c-1")))
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(MetronomeTransportException.class);
        assertThat(emulator.requestCounts()).containsEntry(RETRIEVE, 1L);
    }

    @Test
    void retryAfterAsSecondsDateOrMillis() {
        assertThat(HttpMessages.retryAfter(response(HttpHeaders.RETRY_AFTER, "2"))).isEqualTo(Duration.ofSeconds(2));
        assertThat(HttpMessages.retryAfter(response(HttpHeaders.RETRY_AFTER, "0.5"))).isEqualTo(Duration.ofMillis(500));
        assertThat(HttpMessages.retryAfter(response("retry-after-ms", "1500"))).isEqualTo(Duration.ofMillis(1500));

        // HTTP dates have whole seconds: 5 s ahead is 4 to 5 s away by the time it is read.
        Instant inFiveSeconds = Instant.now().plusSeconds(5);
        Duration untilDate = HttpMessages.retryAfter(
                response(HttpHeaders.RETRY_AFTER, DateUtils.formatStandardDate(inFiveSeconds)));
        assertThat(untilDate).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));

        Instant past = Instant.now().minusSeconds(30);
        assertThat(HttpMessages.retryAfter(response(HttpHeaders.RETRY_AFTER, DateUtils.formatStandardDate(past))))
                .isEqualTo(Duration.ZERO);
        assertThat(HttpMessages.retryAfter(response(HttpHeaders.RETRY_AFTER, "soon"))).isNull();
        assertThat(HttpMessages.retryAfter(new BasicHttpResponse(429))).isNull();
    }

    @Test
    void retryPolicyHonoursTheServerAndCapsItsOwnBackoff() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(400));

        assertThat(policy.backoff().delay(1, Optional.of(Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(3));
        for (int attempt = 1; attempt <= 10; attempt++) {
            long expectedCap = Math.min(100L << (attempt - 1), 400);
            assertThat(policy.backoff().delay(attempt, Optional.empty()).toMillis())
                    .isBetween((long) (expectedCap * 0.75), expectedCap);
        }
        assertThat(policy.allowsAnotherAttempt(4)).isTrue();
        assertThat(policy.allowsAnotherAttempt(5)).isFalse();
    }

    private static BasicHttpResponse response(String header, String value) {
        BasicHttpResponse response = new BasicHttpResponse(429);
        response.addHeader(header, value);
        return response;
    }

    /**
     * A seed for the emulator's fault injector (one {@link Random} per spec, one draw per request)
     * whose first request fails and whose second passes.
     */
    private static long seedFailingFirstDrawOnly(double ratio) {
        for (long seed = 0; ; seed++) {
            Random random = new Random(seed);
            if (random.nextDouble() < ratio && random.nextDouble() >= ratio) {
                return seed;
            }
        }
    }

    private String createCustomer(String name) {
        CreateCustomerRequest body = CreateCustomerRequest.of(name, List.of(name.toLowerCase() + "-alias"));
        return client.execute(MetronomeRequests.createCustomer(body, key())).id();
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
