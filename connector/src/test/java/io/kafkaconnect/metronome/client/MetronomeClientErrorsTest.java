package io.kafkaconnect.metronome.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kafkaconnect.metronome.client.MetronomeApiException.BadRequestException;
import io.kafkaconnect.metronome.client.MetronomeApiException.ConflictException;
import io.kafkaconnect.metronome.client.MetronomeApiException.NotFoundException;
import io.kafkaconnect.metronome.client.MetronomeApiException.UnauthorizedException;
import io.kafkaconnect.metronome.client.model.CreateCustomerRequest;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Error statuses map to their exception types with the status and Metronome's message; the token never leaks. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetronomeClientErrorsTest {

    private static final String TOKEN = "dev-token-0123456789-secret";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension(TOKEN);

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private MetronomeClient client;

    @BeforeAll
    void startClient() {
        client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), TOKEN));
    }

    @AfterAll
    void stop() {
        client.close();
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void wrongTokenIsUnauthorizedAndNotRetried(CallMode mode) {
        String wrongToken = "wrong-token-secret-987654";
        try (MetronomeClient badClient = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), wrongToken))) {
            UnauthorizedException e = catchThrowableOfType(UnauthorizedException.class,
                    () -> mode.call(badClient, MetronomeRequests.retrieveCustomer("any")));

            assertThat(e.status()).isEqualTo(401);
            assertThat(e.apiMessage()).isEqualTo("Unauthorized");
            assertThat(e.isRetriable()).isFalse();
            assertThat(e.endpoint()).isEqualTo("GET /v1/customers/{customer_id}");
            assertThat(everythingPrinted(e)).doesNotContain(wrongToken).doesNotContain(TOKEN);
        }
        assertThat(emulator.requestCounts()).containsEntry("GET /v1/customers/{customer_id}", 1L);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void unknownCustomerIsNotFound(CallMode mode) {
        NotFoundException e = catchThrowableOfType(NotFoundException.class,
                () -> mode.call(client, MetronomeRequests.retrieveCustomer(UUID.randomUUID().toString())));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.apiMessage()).isEqualTo("Customer not found");
        assertThat(e.getMessage()).contains("HTTP 404").contains("Customer not found");
        assertThat(e.isRetriable()).isFalse();
        assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void aliasOfAnotherCustomerIsAConflict(CallMode mode) {
        client.execute(MetronomeRequests.createCustomer(CreateCustomerRequest.of("Owner", List.of("shared-alias")),
                key()));

        ConflictException e = catchThrowableOfType(ConflictException.class, () -> mode.call(client,
                MetronomeRequests.createCustomer(CreateCustomerRequest.of("Intruder", List.of("shared-alias")), key())));

        assertThat(e.status()).isEqualTo(409);
        assertThat(e.apiMessage()).contains("shared-alias").contains("already in use");
        assertThat(e.isRetriable()).isFalse();
        assertThat(emulator.customers()).extracting("name").containsExactly("Owner");
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void invalidBodyIsABadRequest(CallMode mode) {
        BadRequestException e = catchThrowableOfType(BadRequestException.class, () -> mode.call(client,
                MetronomeRequests.createCustomer(CreateCustomerRequest.of("   ", List.of()), key())));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.apiMessage()).isEqualTo("name must not be blank");
        assertThat(e.isRetriable()).isFalse();
        assertThat(emulator.customers()).isEmpty();
        assertThat(emulator.requestCounts()).containsEntry("POST /v1/customers", 1L);
    }

    @ParameterizedTest
    @EnumSource(CallMode.class)
    void refusedConnectionIsATransportErrorWithoutTheToken(CallMode mode) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        MetronomeClientSettings settings = MetronomeClientSettings.of("http://127.0.0.1:" + closedPort, TOKEN)
                .withRetryPolicy(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10)));
        try (MetronomeClient unreachable = new MetronomeClient(settings)) {
            MetronomeTransportException e = catchThrowableOfType(MetronomeTransportException.class,
                    () -> mode.call(unreachable, MetronomeRequests.retrieveCustomer("c")));

            assertThat(e.isRetriable()).isTrue();
            assertThat(e.getMessage()).startsWith("GET /v1/customers/{customer_id} failed");
            assertThat(everythingPrinted(e)).doesNotContain(TOKEN);
            assertThat(unreachable.stats().toString()).doesNotContain(TOKEN);
        }
        assertThat(settings.toString()).doesNotContain(TOKEN).contains("[hidden]");
    }

    @Test
    void settingsAndClientNeverShowTheToken() {
        assertThat(MetronomeClientSettings.of(emulator.baseUrl(), TOKEN).toString()).doesNotContain(TOKEN);
        assertThat(client.toString()).doesNotContain(TOKEN);
    }

    /** Message, toString and the whole printed stack trace with causes: where a token would show in a log. */
    private static String everythingPrinted(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out + "\n" + e;
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
