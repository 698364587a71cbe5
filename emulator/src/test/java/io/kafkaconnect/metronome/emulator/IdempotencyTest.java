package io.kafkaconnect.metronome.emulator;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest extends EmulatorTestBase {

    @Test
    void sameKeyAndBodyReplaysTheOriginalResponse() {
        Map<String, Object> body = Map.of("name", "Acme", "ingest_aliases", List.of("acme"));
        EmulatorClient.Reply first = client.postWithKey("/v1/customers", body, "key-1");
        EmulatorClient.Reply second = client.postWithKey("/v1/customers", body, "key-1");
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("Content-Type")).isEqualTo("application/json");
        assertThat(emulator.customers()).hasSize(1);
    }

    @Test
    void keyOrderInTheBodyDoesNotMatter() {
        EmulatorClient.Reply first = client.postWithKey("/v1/customers", "{\"name\":\"A\",\"ingest_aliases\":[\"a\"]}", "k");
        EmulatorClient.Reply second = client.postWithKey("/v1/customers", "{ \"ingest_aliases\":[\"a\"], \"name\":\"A\" }", "k");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(emulator.customers()).hasSize(1);
    }

    @Test
    void sameKeyWithADifferentBodyOrPathIs409() {
        client.postWithKey("/v1/customers", Map.of("name", "A"), "key-2");
        EmulatorClient.Reply otherBody = client.postWithKey("/v1/customers", Map.of("name", "B"), "key-2");
        assertThat(otherBody.status()).isEqualTo(409);
        assertThat(otherBody.body()).isEqualTo("{\"message\":\"Idempotency-Key reuse with a different request\"}");
        EmulatorClient.Reply otherPath = client.postWithKey("/v1/billable-metrics/create", Map.of("name", "A"), "key-2");
        assertThat(otherPath.status()).isEqualTo(409);
        assertThat(emulator.customers()).extracting(CustomerSnapshot::name).containsExactly("A");
    }

    @Test
    void errorsAreStoredAndReplayed() {
        String owner = client.createCustomer("Owner", "taken");
        Map<String, Object> body = Map.of("name", "Late", "ingest_aliases", List.of("taken"));
        EmulatorClient.Reply conflict = client.postWithKey("/v1/customers", body, "key-3");
        assertThat(conflict.status()).isEqualTo(409);
        client.post("/v1/customers/" + owner + "/setIngestAliases", Map.of("ingest_aliases", List.of()));
        EmulatorClient.Reply replay = client.postWithKey("/v1/customers", body, "key-3");
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.body()).isEqualTo(conflict.body());
        assertThat(client.postWithKey("/v1/customers", body, "key-4").status()).isEqualTo(200);
    }

    @Test
    void anInjectedServerErrorIsStoredAndReplayed() {
        emulator.setFaults(FaultSpec.builder().status(503).ratio(1.0).seed(1).build());
        EmulatorClient.Reply failed = client.postWithKey("/v1/customers", Map.of("name", "A"), "key-5");
        assertThat(failed.status()).isEqualTo(503);
        emulator.clearFaults();
        EmulatorClient.Reply replay = client.postWithKey("/v1/customers", Map.of("name", "A"), "key-5");
        assertThat(replay.status()).isEqualTo(503);
        assertThat(replay.body()).isEqualTo(failed.body());
        assertThat(emulator.customers()).isEmpty();
        assertThat(client.postWithKey("/v1/customers", Map.of("name", "A"), "key-6").status()).isEqualTo(200);
    }

    @Test
    void applyBeforeErrorPerformsTheWriteButStillAnswersTheError() {
        emulator.setFaults(FaultSpec.builder().status(500).ratio(1.0).seed(1).applyBeforeError(true).build());
        EmulatorClient.Reply failed = client.postWithKey("/v1/customers", Map.of("name", "Lost response"), "key-7");
        assertThat(failed.status()).isEqualTo(500);
        emulator.clearFaults();
        assertThat(client.postWithKey("/v1/customers", Map.of("name", "Lost response"), "key-7").status()).isEqualTo(500);
        assertThat(emulator.customers()).extracting(CustomerSnapshot::name).containsExactly("Lost response");
    }

    @Test
    void anInjected429IsNotStored() {
        emulator.setFaults(FaultSpec.builder().status(429).ratio(1.0).seed(1).build());
        assertThat(client.postWithKey("/v1/customers", Map.of("name", "A"), "key-8").status()).isEqualTo(429);
        emulator.clearFaults();
        assertThat(client.postWithKey("/v1/customers", Map.of("name", "A"), "key-8").status()).isEqualTo(200);
        assertThat(emulator.customers()).hasSize(1);
    }

    @Test
    void keysExpireAfter24HoursOfEmulatorTime() {
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        emulator.setNow(start);
        client.postWithKey("/v1/customers", Map.of("name", "A"), "key-9");
        emulator.setNow(start.plus(Duration.ofHours(24)).minusMillis(1));
        assertThat(client.postWithKey("/v1/customers", Map.of("name", "B"), "key-9").status()).isEqualTo(409);
        emulator.setNow(start.plus(Duration.ofHours(24)));
        assertThat(client.postWithKey("/v1/customers", Map.of("name", "B"), "key-9").status()).isEqualTo(200);
        assertThat(emulator.customers()).extracting(CustomerSnapshot::name).containsExactly("A", "B");
    }

    @Test
    void idempotencyCoversIngestAndMetricCreation() {
        String metricBody = "{\"name\":\"calls\",\"aggregation_type\":\"COUNT\"}";
        EmulatorClient.Reply metric = client.postWithKey("/v1/billable-metrics/create", metricBody, "m-key");
        assertThat(client.postWithKey("/v1/billable-metrics/create", metricBody, "m-key").body()).isEqualTo(metric.body());
        String customer = client.createCustomer("A");
        assertThat(client.get("/v1/customers/" + customer + "/billable-metrics").json().get("data")).hasSize(1);

        List<Map<String, Object>> events = List.of(Map.of("transaction_id", "t1", "customer_id", customer,
                "event_type", "x", "timestamp", emulator.now().minusSeconds(60).toString()));
        assertThat(client.postWithKey("/v1/ingest", events, "i-key").status()).isEqualTo(200);
        assertThat(client.postWithKey("/v1/ingest", List.of(), "i-key").status()).isEqualTo(409);
    }

    @Test
    void concurrentRequestsWithOneKeyExecuteOnce() throws Exception {
        emulator.setFaults(FaultSpec.builder().latencyMs(50).build());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<EmulatorClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(pool.submit(() -> client.postWithKey("/v1/customers", Map.of("name", "Once"), "same-key")));
            }
            List<String> bodies = new ArrayList<>();
            for (Future<EmulatorClient.Reply> reply : replies) {
                bodies.add(reply.get().body());
            }
            assertThat(bodies).hasSize(8).allMatch(body -> body.equals(bodies.get(0)));
        } finally {
            pool.shutdownNow();
        }
        assertThat(emulator.customers()).hasSize(1);
    }
}
