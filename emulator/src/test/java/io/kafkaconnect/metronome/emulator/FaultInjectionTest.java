package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FaultInjectionTest extends EmulatorTestBase {

    @Test
    void aSeedMakesTheFaultSequenceRepeatable() {
        Map<String, Object> spec = Map.of("status", 503, "ratio", 0.5, "seed", 42);
        assertThat(client.put("/_emulator/faults", spec).status()).isEqualTo(200);
        List<Integer> firstRun = statuses(40);
        client.put("/_emulator/faults", spec);
        List<Integer> secondRun = statuses(40);
        assertThat(secondRun).isEqualTo(firstRun);
        assertThat(firstRun).contains(200, 503);
    }

    @Test
    void theRatioIsRoughlyRespected() {
        emulator.setFaults(FaultSpec.builder().status(500).ratio(0.25).seed(7).build());
        long failures = statuses(400).stream().filter(status -> status == 500).count();
        assertThat(failures).isBetween(60L, 140L);
    }

    @Test
    void injected429sCarryRetryAfterAndTheRateLimitType() {
        client.put("/_emulator/faults", Map.of("status", 429, "ratio", 1.0, "retry_after_seconds", 7));
        EmulatorClient.Reply limited = client.get("/v1/customers");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("7");
        assertThat(limited.header("X-Metronome-Rate-Limit-Type")).isEqualTo("client");
        assertThat(limited.message()).isNotBlank();

        client.put("/_emulator/faults", Map.of("status", 429, "ratio", 1.0));
        assertThat(client.get("/v1/customers").header("Retry-After")).isEqualTo("1");
    }

    @Test
    void latencyAppliesToEveryMatchingRequest() {
        client.put("/_emulator/faults", Map.of("latency_ms", 300));
        long started = System.nanoTime();
        EmulatorClient.Reply slow = client.get("/v1/customers");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(slow.status()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
    }

    @Test
    void pathPrefixLimitsWhichRequestsFail() {
        String id = client.createCustomer("A");
        client.put("/_emulator/faults", Map.of("status", 500, "ratio", 1.0, "path_prefix", "/v1/customers/"));
        assertThat(client.get("/v1/customers").status()).isEqualTo(200);
        assertThat(client.get("/v1/customers/" + id).status()).isEqualTo(500);
        assertThat(client.post("/v1/billable-metrics/create", Map.of("name", "m", "aggregation_type", "COUNT")).status())
                .isEqualTo(200);
    }

    @Test
    void controlPathsAreNeverFaultedAndFaultsCanBeInspectedAndCleared() {
        client.put("/_emulator/faults", Map.of("status", 503, "ratio", 1.0, "path_prefix", "/", "latency_ms", 0));
        assertThat(client.get("/v1/customers").status()).isEqualTo(503);
        JsonNode spec = client.get("/_emulator/faults").json();
        assertThat(spec.get("status").asInt()).isEqualTo(503);
        assertThat(spec.get("path_prefix").asText()).isEqualTo("/");
        assertThat(client.get("/_emulator/requests").status()).isEqualTo(200);
        assertThat(client.delete("/_emulator/faults").status()).isEqualTo(200);
        assertThat(client.get("/v1/customers").status()).isEqualTo(200);
        assertThat(client.get("/_emulator/faults").json().isEmpty()).isTrue();
    }

    @Test
    void faultedRequestsAreCounted() {
        emulator.setFaults(FaultSpec.builder().status(503).ratio(1.0).build());
        client.get("/v1/customers");
        client.get("/v1/customers");
        assertThat(emulator.requestCounts()).containsEntry("GET /v1/customers", 2L);
    }

    @Test
    void injected403And422CarryTheMessageSetAndApplyNothing() {
        String id = client.createCustomer("Before");
        client.put("/_emulator/faults", Map.of("status", 403, "ratio", 1.0, "path_prefix", "/v1/customers/",
                "message", "This API key is not allowed to call this endpoint"));
        EmulatorClient.Reply forbidden = client.post("/v1/customers/" + id + "/setName", Map.of("name", "After"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().fieldNames()).toIterable().containsExactly("message");
        assertThat(forbidden.message()).isEqualTo("This API key is not allowed to call this endpoint");
        assertThat(forbidden.header("Retry-After")).isNull();

        client.put("/_emulator/faults", Map.of("status", 422, "ratio", 1.0, "path_prefix", "/v1/customers",
                "message", "billing_config.billing_provider_type is not supported"));
        EmulatorClient.Reply unprocessable = client.post("/v1/customers", Map.of("name", "Refused"));
        assertThat(unprocessable.status()).isEqualTo(422);
        assertThat(unprocessable.message()).isEqualTo("billing_config.billing_provider_type is not supported");
        assertThat(client.get("/_emulator/faults").json().path("message").asText())
                .isEqualTo("billing_config.billing_provider_type is not supported");

        emulator.clearFaults();
        assertThat(emulator.customers()).extracting(CustomerSnapshot::name).containsExactly("Before");
    }

    @Test
    void everyDocumentedClientErrorCanBeInjectedWithADefaultMessage() {
        for (int status : List.of(400, 401, 403, 404, 409, 422)) {
            emulator.setFaults(FaultSpec.builder().status(status).ratio(1.0).build());
            EmulatorClient.Reply refused = client.get("/v1/customers");
            assertThat(refused.status()).isEqualTo(status);
            assertThat(refused.message()).isEqualTo("Injected fault: HTTP " + status);
        }
    }

    @Test
    void injectedClientErrorsFollowThePathPrefixAndTheRatio() {
        String id = client.createCustomer("A");
        emulator.setFaults(FaultSpec.builder().status(422).ratio(0.5).seed(3).pathPrefix("/v1/customers/" + id)
                .build());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(client.get("/v1/customers/" + id).status());
        }
        assertThat(statuses).containsOnly(200, 422).contains(200, 422);
        assertThat(statuses.stream().filter(s -> s == 422).count()).isBetween(8L, 32L);
        assertThat(statuses("/v1/customers", 10)).containsOnly(200);
    }

    @Test
    void anInjected422IsStoredUnderItsIdempotencyKeyButA403IsNot() {
        emulator.setFaults(FaultSpec.builder().status(422).ratio(1.0).message("invalid").build());
        assertThat(client.postWithKey("/v1/customers", Map.of("name", "A"), "key-422").status()).isEqualTo(422);
        emulator.setFaults(FaultSpec.builder().status(403).ratio(1.0).message("forbidden").build());
        assertThat(client.postWithKey("/v1/customers", Map.of("name", "B"), "key-403").status()).isEqualTo(403);
        emulator.clearFaults();

        EmulatorClient.Reply replayed = client.postWithKey("/v1/customers", Map.of("name", "A"), "key-422");
        assertThat(replayed.status()).isEqualTo(422);
        assertThat(replayed.message()).isEqualTo("invalid");
        assertThat(client.postWithKey("/v1/customers", Map.of("name", "B"), "key-403").status()).isEqualTo(200);
        assertThat(emulator.customers()).extracting(CustomerSnapshot::name).containsExactly("B");
    }

    @Test
    void invalidFaultSpecsAre400() {
        for (Object body : List.of(Map.of("ratio", 0.5), Map.of("status", 503, "ratio", 1.5),
                Map.of("status", 418, "ratio", 0.5), Map.of("status", 302, "ratio", 0.5),
                Map.of("latency_ms", -1), Map.of("seed", "abc"), Map.of("apply_before_error", "yes"),
                Map.of("status", 422, "ratio", 1.0, "apply_before_error", true),
                Map.of("status", 403, "ratio", 1.0, "message", 42),
                Map.of("status", 403, "ratio", 1.0, "message", " "), "[]")) {
            assertThat(client.put("/_emulator/faults", body).status()).as(body.toString()).isEqualTo(400);
        }
        assertThat(client.get("/v1/customers").status()).isEqualTo(200);
    }

    private List<Integer> statuses(int requests) {
        return statuses("/v1/customers", requests);
    }

    private List<Integer> statuses(String path, int requests) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            statuses.add(client.get(path).status());
        }
        return statuses;
    }
}
