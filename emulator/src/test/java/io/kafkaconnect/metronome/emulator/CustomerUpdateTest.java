package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerUpdateTest extends EmulatorTestBase {
    private static final Instant T0 = Instant.parse("2024-05-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2024-05-02T00:00:00Z");

    @Test
    void archiveSetsArchivedAtAndASecondArchiveIs400() {
        emulator.setNow(T0);
        String id = client.createCustomer("Doomed");
        emulator.setNow(T1);
        EmulatorClient.Reply archived = client.post("/v1/customers/archive", Map.of("id", id));
        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.data().get("id").asText()).isEqualTo(id);
        JsonNode detail = client.customer(id);
        assertThat(detail.get("archived_at").asText()).isEqualTo(T1.toString());
        assertThat(detail.get("updated_at").asText()).isEqualTo(T1.toString());

        EmulatorClient.Reply again = client.post("/v1/customers/archive", Map.of("id", id));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).isEqualTo("{\"message\":\"Customer already archived\"}");
        assertThat(client.post("/v1/customers/archive", Map.of()).status()).isEqualTo(400);
    }

    @Test
    void setNameTruncatesRejectsBlankAndBumpsUpdatedAtOnlyOnChange() {
        emulator.setNow(T0);
        String id = client.createCustomer("Old");
        emulator.setNow(T1);
        EmulatorClient.Reply same = client.post("/v1/customers/" + id + "/setName", Map.of("name", "Old"));
        assertThat(same.data().get("name").asText()).isEqualTo("Old");
        assertThat(client.customer(id).get("updated_at").asText()).isEqualTo(T0.toString());

        EmulatorClient.Reply renamed = client.post("/v1/customers/" + id + "/setName", Map.of("name", "x".repeat(200)));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.data().get("name").asText()).isEqualTo("x".repeat(160));
        assertThat(renamed.data().get("id").asText()).isEqualTo(id);
        assertThat(client.customer(id).get("updated_at").asText()).isEqualTo(T1.toString());

        assertThat(client.post("/v1/customers/" + id + "/setName", Map.of("name", " ")).status()).isEqualTo(400);
        assertThat(client.post("/v1/customers/" + id + "/setName", Map.of()).message()).isEqualTo("name is required");
    }

    @Test
    void setIngestAliasesReplacesTheWholeSetAndFreesRemovedAliases() {
        emulator.setNow(T0);
        String id = client.createCustomer("A", "one", "two");
        emulator.setNow(T1);
        EmulatorClient.Reply reply = client.post("/v1/customers/" + id + "/setIngestAliases",
                Map.of("ingest_aliases", List.of("three")));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        JsonNode detail = client.customer(id);
        assertThat(detail.get("ingest_aliases")).extracting(JsonNode::asText).containsExactly("three");
        assertThat(detail.get("external_id").asText()).isEqualTo("three");
        assertThat(detail.get("updated_at").asText()).isEqualTo(T1.toString());

        assertThat(client.createCustomer("B", "one")).isNotBlank(); // "one" was freed
        assertThat(CustomerListTest.ids(client.get("/v1/customers?ingest_alias=three").json())).containsExactly(id);
    }

    @Test
    void setIngestAliasesLeavesUpdatedAtAloneWhenNothingChanges() {
        emulator.setNow(T0);
        String id = client.createCustomer("A", "one");
        emulator.setNow(T1);
        client.post("/v1/customers/" + id + "/setIngestAliases", Map.of("ingest_aliases", List.of("one")));
        assertThat(client.customer(id).get("updated_at").asText()).isEqualTo(T0.toString());
    }

    @Test
    void setIngestAliasesConflictsWithOtherCustomersArchivedIncluded() {
        String owner = client.createCustomer("Owner", "owned");
        String archived = client.createCustomer("Archived", "ghost");
        client.post("/v1/customers/archive", Map.of("id", archived));
        String id = client.createCustomer("Me", "mine");

        for (String alias : List.of("owned", "ghost")) {
            EmulatorClient.Reply conflict = client.post("/v1/customers/" + id + "/setIngestAliases",
                    Map.of("ingest_aliases", List.of("mine", alias)));
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(conflict.message()).contains(alias);
        }
        assertThat(client.customer(id).get("ingest_aliases")).extracting(JsonNode::asText).containsExactly("mine");
        assertThat(client.customer(owner).get("ingest_aliases")).extracting(JsonNode::asText).containsExactly("owned");
    }

    @Test
    void setIngestAliasesValidatesItsInput() {
        String id = client.createCustomer("A", "one");
        for (Object body : List.of(Map.of(), Map.of("ingest_aliases", "one"), Map.of("ingest_aliases", List.of("")),
                Map.of("ingest_aliases", List.of("a".repeat(129))), Map.of("ingest_aliases", List.of(7)))) {
            assertThat(client.post("/v1/customers/" + id + "/setIngestAliases", body).status())
                    .as(body.toString()).isEqualTo(400);
        }
        assertThat(client.post("/v1/customers/" + id + "/setIngestAliases", Map.of("ingest_aliases", List.of())).status())
                .isEqualTo(200);
        assertThat(client.customer(id).get("ingest_aliases")).isEmpty();
    }

    @Test
    void updateConfigStoresSettingsAndBumpsUpdatedAtOnChange() {
        emulator.setNow(T0);
        String id = client.createCustomer("A");
        emulator.setNow(T1);
        EmulatorClient.Reply reply = client.post("/v1/customers/" + id + "/updateConfig",
                Map.of("salesforce_account_id", "sf-1", "leave_stripe_invoices_in_draft", false));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEmpty();
        JsonNode detail = client.customer(id);
        assertThat(detail.get("customer_config").get("salesforce_account_id").asText()).isEqualTo("sf-1");
        assertThat(detail.get("updated_at").asText()).isEqualTo(T1.toString());
        assertThat(emulator.customers().get(0).leaveStripeInvoicesInDraft()).isFalse();

        emulator.setNow(T1.plusSeconds(60));
        client.post("/v1/customers/" + id + "/updateConfig", Map.of("salesforce_account_id", "sf-1"));
        assertThat(client.customer(id).get("updated_at").asText()).isEqualTo(T1.toString());

        assertThat(client.post("/v1/customers/" + id + "/updateConfig",
                Map.of("leave_stripe_invoices_in_draft", "yes")).status()).isEqualTo(400);
        assertThat(client.post("/v1/customers/" + id + "/updateConfig",
                Map.of("salesforce_account_id", 12)).status()).isEqualTo(400);
    }
}
