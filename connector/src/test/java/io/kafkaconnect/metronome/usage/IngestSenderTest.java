package io.kafkaconnect.metronome.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkaconnect.metronome.client.Backoff;
import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeClientSettings;
import io.kafkaconnect.metronome.client.RetryPolicy;
import io.kafkaconnect.metronome.emulator.FaultSpec;
import io.kafkaconnect.metronome.emulator.MetronomeEmulator;
import io.kafkaconnect.metronome.testkit.EmulatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IngestSenderTest {

    private static final String INGEST = "POST /v1/ingest";

    @RegisterExtension
    static final EmulatorExtension EMULATOR = new EmulatorExtension("dev-token");

    private final MetronomeEmulator emulator = EMULATOR.emulator();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final List<ConnectException> failures = new CopyOnWriteArrayList<>();
    private MetronomeClient client;

    private IngestSender sender(String token, Backoff backoff) {
        client = new MetronomeClient(MetronomeClientSettings.of(emulator.baseUrl(), token)
                .withRetryPolicy(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1))));
        return new IngestSender(client, scheduler, backoff, new IngestSender.Outcomes() {
            @Override
            public void acknowledged(UsageBatch batch) {
                batch.events().forEach(e -> acknowledged.add(e.event().transactionId()));
            }

            @Override
            public void refused(ParsedEvent event, UsageRejection reason) {
                refused.put(event.event().transactionId(), reason.getMessage());
            }

            @Override
            public void failed(ConnectException error) {
                failures.add(error);
            }
        }, () -> true);
    }

    private IngestSender sender() {
        return sender(emulator.token(), new Backoff(Duration.ofMillis(1), Duration.ofMillis(10)));
    }

    @AfterEach
    void close() {
        scheduler.shutdownNow();
        if (client != null) {
            client.close();
        }
    }

    @Test
    void aRefusedBatchIsBisectedUntilTheBadEventsAreAloneAndTheRestIsDelivered() throws Exception {
        sender().deliver(UsageTestRecords.batch(8, 2, 5)).get(10, TimeUnit.SECONDS);

        assertThat(acknowledged).containsExactlyInAnyOrder("t0", "t1", "t3", "t4", "t6", "t7");
        assertThat(refused).containsOnlyKeys("t2", "t5");
        assertThat(refused.get("t2")).startsWith("Metronome refused the event with HTTP 400: ").contains("timestamp");
        assertThat(failures).isEmpty();
        // 8 → 4+4 → 2+2+2+2 → the two pairs with a bad event in ones: 1 + 2 + 4 + 4
        assertThat(emulator.requestCounts()).containsEntry(INGEST, 11L);
    }

    @Test
    void aGoodBatchIsOneRequest() throws Exception {
        sender().deliver(UsageTestRecords.batch(100)).get(10, TimeUnit.SECONDS);
        assertThat(acknowledged).hasSize(100);
        assertThat(emulator.requestCounts()).containsEntry(INGEST, 1L);
    }

    @Test
    void transientFailuresAreRetriedUntilMetronomeTakesTheBatch() throws Exception {
        emulator.setFaults(FaultSpec.builder().status(503).ratio(1.0).pathPrefix("/v1/ingest").build());
        var done = sender().deliver(UsageTestRecords.batch(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> emulator.requestCounts().getOrDefault(INGEST, 0L) >= 5);
        assertThat(done).isNotDone();
        assertThat(acknowledged).isEmpty();
        emulator.clearFaults();
        done.get(10, TimeUnit.SECONDS);
        assertThat(acknowledged).containsExactly("t0", "t1", "t2");
        assertThat(refused).isEmpty();
        assertThat(failures).isEmpty();
    }

    @Test
    void retryAfterIsHonouredOverTheShorterBackoff() throws Exception {
        emulator.setFaults(FaultSpec.builder().status(429).ratio(1.0).retryAfterSeconds(1).pathPrefix("/v1/ingest")
                .build());
        var done = sender().deliver(UsageTestRecords.batch(2)); // the backoff alone would wait 1 to 10 ms
        await().atMost(Duration.ofSeconds(5)).until(() -> emulator.requestCounts().getOrDefault(INGEST, 0L) == 1L);
        await().during(Duration.ofMillis(700)).atMost(Duration.ofMillis(950))
                .until(() -> emulator.requestCounts().get(INGEST) == 1L);
        await().atMost(Duration.ofSeconds(3)).until(() -> emulator.requestCounts().get(INGEST) >= 2L);
        emulator.clearFaults();
        done.get(10, TimeUnit.SECONDS);
        assertThat(acknowledged).containsExactly("t0", "t1");
    }

    @Test
    void aRefusedTokenFailsWithoutAcknowledgingAnything() throws Exception {
        sender("wrong-token", new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)))
                .deliver(UsageTestRecords.batch(4)).get(10, TimeUnit.SECONDS);
        assertThat(acknowledged).isEmpty();
        assertThat(refused).isEmpty();
        assertThat(failures).singleElement().satisfies(e -> assertThat(e.getMessage())
                .contains("Metronome refused the API token", "401", "metronome.api.token"));
    }

    @Test
    void aForbiddenIngestFailsWithoutAcknowledgingAnything() throws Exception {
        emulator.setFaults(FaultSpec.builder().status(403).ratio(1.0).pathPrefix("/v1/ingest").build());
        sender().deliver(UsageTestRecords.batch(4)).get(10, TimeUnit.SECONDS);
        assertThat(acknowledged).isEmpty();
        assertThat(failures).singleElement().satisfies(e -> assertThat(e.getMessage())
                .contains("may not ingest usage events", "403"));
    }
}
