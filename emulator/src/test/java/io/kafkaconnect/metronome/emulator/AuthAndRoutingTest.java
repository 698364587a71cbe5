package io.kafkaconnect.metronome.emulator;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuthAndRoutingTest extends EmulatorTestBase {

    @Test
    void rejectsMissingOrWrongBearerToken() throws Exception {
        try (EmulatorClient anonymous = new EmulatorClient(emulator.baseUrl(), null);
             EmulatorClient wrong = new EmulatorClient(emulator.baseUrl(), "not-the-token")) {
            for (EmulatorClient.Reply reply : new EmulatorClient.Reply[]{
                    anonymous.get("/v1/customers"), wrong.get("/v1/customers"),
                    wrong.post("/v1/customers", Map.of("name", "x")), wrong.post("/_emulator/reset", "")}) {
                assertThat(reply.status()).isEqualTo(401);
                assertThat(reply.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
                assertThat(reply.header("Content-Type")).isEqualTo("application/json");
            }
        }
        assertThat(emulator.customers()).isEmpty();
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405() {
        EmulatorClient.Reply unknown = client.get("/v1/nothing-here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.message()).isEqualTo("Not found");

        EmulatorClient.Reply wrongMethod = client.delete("/v1/customers");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().has("message")).isTrue();
        assertThat(client.get("/v1/ingest").status()).isEqualTo(405);
    }

    @Test
    void unknownOrMalformedCustomerIdIs404() {
        for (String id : new String[]{"3f1e7a0e-6f2d-4d7b-9a53-000000000000", "not-a-uuid"}) {
            for (EmulatorClient.Reply reply : new EmulatorClient.Reply[]{
                    client.get("/v1/customers/" + id),
                    client.get("/v1/customers/" + id + "/billable-metrics"),
                    client.get("/v1/customers/" + id + "/costs?starting_on=2024-01-01T00:00:00Z&ending_before=2024-01-02T00:00:00Z"),
                    client.post("/v1/customers/" + id + "/setName", Map.of("name", "x")),
                    client.post("/v1/customers/" + id + "/setIngestAliases", Map.of("ingest_aliases", new String[0])),
                    client.post("/v1/customers/" + id + "/updateConfig", Map.of()),
                    client.post("/v1/customers/" + id + "/previewEvents",
                            Map.of("events", new Object[]{Map.of("event_type", "x")})),
                    client.post("/v1/customers/archive", Map.of("id", id))}) {
                assertThat(reply.status()).isEqualTo(404);
                assertThat(reply.body()).isEqualTo("{\"message\":\"Customer not found\"}");
            }
        }
    }

    @Test
    void malformedJsonIs400WithAClearMessage() {
        EmulatorClient.Reply broken = client.post("/v1/customers", "{\"name\": ");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.message()).startsWith("Malformed JSON");

        EmulatorClient.Reply trailing = client.post("/v1/customers", "{\"name\":\"a\"} {}");
        assertThat(trailing.status()).isEqualTo(400);
        assertThat(trailing.message()).startsWith("Malformed JSON");

        EmulatorClient.Reply notAnObject = client.post("/v1/customers", "[1,2]");
        assertThat(notAnObject.status()).isEqualTo(400);
        assertThat(notAnObject.message()).isEqualTo("Request body must be a JSON object");

        EmulatorClient.Reply empty = client.post("/v1/customers", "");
        assertThat(empty.status()).isEqualTo(400);
    }
}
