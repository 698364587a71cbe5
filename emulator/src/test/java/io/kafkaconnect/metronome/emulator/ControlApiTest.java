package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ControlApiTest extends EmulatorTestBase {

    @Test
    void theClockCanBeFrozenAndReleased() {
        JsonNode frozen = client.put("/_emulator/clock", Map.of("now", "2030-02-03T04:05:06Z")).json();
        assertThat(frozen.get("now").asText()).isEqualTo("2030-02-03T04:05:06Z");
        assertThat(emulator.now()).isEqualTo(Instant.parse("2030-02-03T04:05:06Z"));
        String id = client.createCustomer("Timed");
        assertThat(client.customer(id).get("created_at").asText()).isEqualTo("2030-02-03T04:05:06Z");
        assertThat(client.get("/_emulator/clock").json().get("frozen").asBoolean()).isTrue();

        assertThat(client.delete("/_emulator/clock").json().get("frozen").asBoolean()).isFalse();
        assertThat(emulator.now()).isBefore(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(client.put("/_emulator/clock", Map.of("now", "tomorrow")).status()).isEqualTo(400);
        assertThat(client.put("/_emulator/clock", Map.of()).status()).isEqualTo(400);
    }

    @Test
    void ratesNeedAKnownCustomerAndKnownMetrics() {
        String customer = client.createCustomer("A");
        String metric = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT"));
        assertThat(client.put("/_emulator/customers/" + customer + "/rates", Map.of("rates", Map.of(metric, 1.5))).status())
                .isEqualTo(200);
        assertThat(client.get("/v1/customers/" + customer + "/billable-metrics?on_current_plan=true").json().get("data"))
                .hasSize(1);
        EmulatorClient.Reply unknownCustomer = client.put("/_emulator/customers/nope/rates", Map.of("rates", Map.of(metric, 1)));
        assertThat(unknownCustomer.status()).isEqualTo(404);
        EmulatorClient.Reply unknownMetric = client.put("/_emulator/customers/" + customer + "/rates",
                Map.of("rates", Map.of("no-such-metric", 1)));
        assertThat(unknownMetric.status()).isEqualTo(400);
        assertThat(unknownMetric.message()).contains("no-such-metric");
        assertThat(client.put("/_emulator/customers/" + customer + "/rates", Map.of("rates", Map.of(metric, "1"))).status())
                .isEqualTo(400);
        assertThat(client.put("/_emulator/customers/" + customer + "/rates", Map.of("rates", Map.of())).status())
                .isEqualTo(200);
        assertThat(client.get("/v1/customers/" + customer + "/billable-metrics?on_current_plan=true").json().get("data"))
                .isEmpty();
    }

    @Test
    void aCustomerCanBeMadeUnbillableAndBillableAgainWithoutMovingUpdatedAt() {
        emulator.setNow(Instant.parse("2024-05-01T00:00:00Z"));
        String id = client.createCustomer("A");
        emulator.setNow(Instant.parse("2024-05-02T00:00:00Z"));
        EmulatorClient.Reply set = client.put("/_emulator/customers/" + id + "/billable-status",
                Map.of("value", "unbillable", "effective_at", "2024-05-01T12:00:00+02:00"));
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.data().get("effective_at").asText()).isEqualTo("2024-05-01T10:00:00Z");

        JsonNode status = client.customer(id).get("current_billable_status");
        assertThat(status.get("value").asText()).isEqualTo("unbillable");
        assertThat(status.get("effective_at").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(client.customer(id).get("updated_at").asText()).isEqualTo("2024-05-01T00:00:00Z");
        JsonNode listed = client.get("/v1/customers?customer_ids=" + id).data().get(0);
        assertThat(listed.get("current_billable_status")).isEqualTo(status);

        client.put("/_emulator/customers/" + id + "/billable-status", Map.of("value", "billable"));
        status = client.customer(id).get("current_billable_status");
        assertThat(status.get("value").asText()).isEqualTo("billable");
        assertThat(status.get("effective_at").asText()).as("defaults to now").isEqualTo("2024-05-02T00:00:00Z");

        client.post("/v1/customers/archive", Map.of("id", id));
        emulator.setBillableStatus(id, false, Instant.parse("2024-05-03T00:00:00Z"));
        JsonNode archived = client.get("/v1/customers?only_archived=true").data().get(0);
        assertThat(archived.get("current_billable_status").get("value").asText()).isEqualTo("unbillable");
    }

    @Test
    void billableStatusNeedsAKnownCustomerAValueAndAnRfc3339Time() {
        String id = client.createCustomer("A");
        String path = "/_emulator/customers/" + id + "/billable-status";
        assertThat(client.put("/_emulator/customers/nope/billable-status", Map.of("value", "billable")).status())
                .isEqualTo(404);
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of(), Map.of("value", "paused"),
                Map.of("value", true), Map.of("value", "unbillable", "effective_at", "yesterday"))) {
            EmulatorClient.Reply reply = client.put(path, body);
            assertThat(reply.status()).as(body.toString()).isEqualTo(400);
            assertThat(reply.message()).as(body.toString()).containsAnyOf("value", "effective_at");
        }
        assertThat(client.customer(id).get("current_billable_status").get("value").asText()).isEqualTo("billable");
    }

    @Test
    void ratesTakeTiersCreditTypesAPlanNameAndAMinimum() {
        String customer = client.createCustomer("A");
        String metric = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT"));
        String path = "/_emulator/customers/" + customer + "/rates";
        assertThat(client.put(path, Map.of("plan_name", "Pro", "minimum", 100, "rates", Map.of(metric,
                Map.of("credit_type", Map.of("id", "c-1", "name", "credits"), "tiers",
                        List.of(Map.of("size", 5, "price", 1), Map.of("price", 0.5)))))).status()).isEqualTo(200);
        assertThat(client.put(path, Map.of("rates", Map.of(metric, Map.of("price", 2, "credit_type", "credits"))))
                .status()).isEqualTo(200);

        List<Map<String, Object>> refused = List.of(
                Map.of("rates", Map.of(metric, Map.of())),
                Map.of("rates", Map.of(metric, Map.of("price", 1, "tiers", List.of(Map.of("price", 1))))),
                Map.of("rates", Map.of(metric, Map.of("tiers", List.of()))),
                Map.of("rates", Map.of(metric, Map.of("tiers", List.of(Map.of("price", 1), Map.of("price", 2))))),
                Map.of("rates", Map.of(metric, Map.of("tiers", List.of(Map.of("size", 0, "price", 1))))),
                Map.of("rates", Map.of(metric, Map.of("tiers", List.of(Map.of("size", 3))))),
                Map.of("rates", Map.of(metric, Map.of("price", 1, "credit_type", 7))),
                Map.of("rates", Map.of(metric, Map.of("price", 1, "currency", "EUR"))),
                Map.of("rates", Map.of(metric, 1), "minimum", -1),
                Map.of("rates", Map.of(metric, 1), "minimum", "100"),
                Map.of("rates", Map.of(metric, 1), "plan_name", 3),
                Map.of("rates", Map.of(metric, 1), "plan", "Pro"));
        for (Map<String, Object> body : refused) {
            assertThat(client.put(path, body).status()).as(body.toString()).isEqualTo(400);
        }
    }

    @Test
    void requestsAreCountedByPathTemplateExcludingTheControlApi() {
        String id = client.createCustomer("A");
        client.get("/v1/customers/" + id);
        client.get("/v1/customers/" + id);
        client.get("/v1/customers/" + id + "/costs?starting_on=2024-01-01T00:00:00Z&ending_before=2024-01-02T00:00:00Z");
        client.post("/v1/customers/" + id + "/setName", Map.of("name", "B"));
        client.get("/_emulator/clock");

        JsonNode requests = client.get("/_emulator/requests").json();
        assertThat(requests.get("counts").get("POST /v1/customers").asLong()).isEqualTo(1);
        assertThat(requests.get("counts").get("GET /v1/customers/{customer_id}").asLong()).isEqualTo(2);
        assertThat(requests.get("counts").get("GET /v1/customers/{customer_id}/costs").asLong()).isEqualTo(1);
        assertThat(requests.get("counts").get("POST /v1/customers/{customer_id}/setName").asLong()).isEqualTo(1);
        assertThat(requests.get("counts").size()).isEqualTo(4);
        JsonNode recent = requests.get("recent");
        assertThat(recent).hasSize(5);
        assertThat(recent.get(2).get("path").asText()).isEqualTo("/v1/customers/" + id);
        assertThat(recent.get(3).get("query").asText()).startsWith("starting_on=");
        assertThat(recent.get(3).get("status").asInt()).isEqualTo(200);
        assertThat(recent.get(3).get("method").asText()).isEqualTo("GET");
        assertThat(emulator.requestCounts()).containsEntry("GET /v1/customers/{customer_id}", 2L);

        assertThat(client.delete("/_emulator/requests").status()).isEqualTo(200);
        assertThat(client.get("/_emulator/requests").json().get("counts").isEmpty()).isTrue();
        client.get("/v1/customers");
        emulator.resetRequestCounts();
        assertThat(emulator.requestCounts()).isEmpty();
    }

    @Test
    void bulkCreateSeedsCustomersWithAliases() {
        EmulatorClient.Reply reply = client.post("/_emulator/customers/bulk",
                Map.of("count", 500, "name_prefix", "Bulk ", "alias_prefix", "bulk-"));
        assertThat(reply.data().get("ids_created").asInt()).isEqualTo(500);
        JsonNode found = client.get("/v1/customers?ingest_alias=bulk-499").json().get("data");
        assertThat(found.get(0).get("name").asText()).isEqualTo("Bulk 499");
        assertThat(client.post("/_emulator/customers/bulk", Map.of("count", 1, "alias_prefix", "bulk-")).status())
                .isEqualTo(409);
        assertThat(client.post("/_emulator/customers/bulk", Map.of("count", 0)).status()).isEqualTo(400);
        assertThat(emulator.customers()).hasSize(500);
    }

    @Test
    void resetForgetsEverything() {
        String id = client.createCustomer("A", "alias");
        String metric = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT"));
        emulator.setRates(id, Map.of(metric, 1.0));
        client.postWithKey("/v1/customers", Map.of("name", "Keyed"), "reset-key");
        emulator.setNow(Instant.parse("2024-01-02T00:00:00Z")); // ingest takes at most 34 days back
        client.post("/v1/ingest", List.of(Map.of("transaction_id", "t", "customer_id", id, "event_type", "x",
                "timestamp", "2024-01-01T00:00:00Z")));
        client.put("/_emulator/clock", Map.of("now", "2030-01-01T00:00:00Z"));
        client.put("/_emulator/faults", Map.of("latency_ms", 1));

        assertThat(client.post("/_emulator/reset", "").status()).isEqualTo(200);

        assertThat(emulator.customers()).isEmpty();
        assertThat(emulator.requestCounts()).isEmpty();
        assertThat(client.get("/_emulator/clock").json().get("frozen").asBoolean()).isFalse();
        assertThat(client.get("/_emulator/faults").json().isEmpty()).isTrue();
        String again = client.createCustomer("A", "alias");
        assertThat(client.postWithKey("/v1/customers", Map.of("name", "Other"), "reset-key").status()).isEqualTo(200);
        assertThat(client.get("/v1/customers/" + again + "/billable-metrics").json().get("data")).isEmpty();
        assertThat(emulator.usageCounts().total()).isZero();
        emulator.setNow(Instant.parse("2024-01-02T00:00:00Z"));
        client.post("/v1/ingest", List.of(Map.of("transaction_id", "t", "customer_id", again, "event_type", "x",
                "timestamp", "2024-01-01T00:00:00Z")));
        String newMetric = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT"));
        emulator.setRates(again, Map.of(newMetric, 1.0));
        JsonNode day = client.get("/v1/customers/" + again
                + "/costs?starting_on=2024-01-01T00:00:00Z&ending_before=2024-01-02T00:00:00Z").json().get("data").get(0);
        assertThat(day.get("credit_types").elements().next().get("cost").asInt()).isEqualTo(1); // the old "t" was forgotten
    }
}
