package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerCreateTest extends EmulatorTestBase {

    @Test
    void createReturnsTheCustomerShape() {
        client.addCustomFieldKey("customer", "tier");
        EmulatorClient.Reply reply = client.post("/v1/customers", Map.of("name", "Acme",
                "ingest_aliases", List.of("acme", "acme@example.com"), "custom_fields", Map.of("tier", "gold")));
        assertThat(reply.status()).isEqualTo(200);
        JsonNode data = reply.data();
        assertThat(data.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(data.get("name").asText()).isEqualTo("Acme");
        assertThat(data.get("external_id").asText()).isEqualTo("acme");
        assertThat(data.get("ingest_aliases")).hasSize(2);
        assertThat(data.get("custom_fields").get("tier").asText()).isEqualTo("gold");
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void externalIdIsTheGivenOneElseTheFirstAliasElseTheId() {
        JsonNode given = client.post("/v1/customers",
                Map.of("name", "A", "external_id", "ext-1", "ingest_aliases", List.of("a1"))).data();
        assertThat(given.get("external_id").asText()).isEqualTo("ext-1");
        assertThat(given.get("ingest_aliases")).extracting(JsonNode::asText).containsExactly("a1");

        JsonNode alias = client.post("/v1/customers", Map.of("name", "B", "ingest_aliases", List.of("b1"))).data();
        assertThat(alias.get("external_id").asText()).isEqualTo("b1");

        JsonNode plain = client.post("/v1/customers", Map.of("name", "C")).data();
        assertThat(plain.get("external_id").asText()).isEqualTo(plain.get("id").asText());
        assertThat(plain.get("ingest_aliases")).isEmpty();
    }

    @Test
    void externalIdCountsAsAnAliasForConflictsAndLookups() {
        String id = client.post("/v1/customers", Map.of("name", "A", "external_id", "ext-1")).data().get("id").asText();
        EmulatorClient.Reply conflict = client.post("/v1/customers", Map.of("name", "B", "ingest_aliases", List.of("ext-1")));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.message()).contains("ext-1");

        JsonNode listed = client.get("/v1/customers?ingest_alias=ext-1").json().get("data");
        assertThat(listed).extracting(node -> node.get("id").asText()).containsExactly(id);
    }

    @Test
    void namesLongerThan160CharactersAreTruncated() {
        String longName = "n".repeat(170);
        JsonNode data = client.post("/v1/customers", Map.of("name", longName)).data();
        assertThat(data.get("name").asText()).isEqualTo("n".repeat(160));
        assertThat(emulator.customers().get(0).name()).hasSize(160);
    }

    @Test
    void missingBlankOrMistypedNameIs400() {
        assertThat(client.post("/v1/customers", Map.of()).message()).isEqualTo("name is required");
        assertThat(client.post("/v1/customers", Map.of("name", "   ")).message()).isEqualTo("name must not be blank");
        EmulatorClient.Reply number = client.post("/v1/customers", Map.of("name", 42));
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.message()).isEqualTo("name must be a string");
        assertThat(emulator.customers()).isEmpty();
    }

    @Test
    void badAliasesAre400() {
        List<Object> bodies = List.of(
                Map.of("name", "x", "ingest_aliases", List.of("")),
                Map.of("name", "x", "ingest_aliases", List.of("a".repeat(129))),
                Map.of("name", "x", "ingest_aliases", IntStream.range(0, 2001).mapToObj(i -> "a" + i).toList()),
                Map.of("name", "x", "ingest_aliases", "not-an-array"),
                Map.of("name", "x", "ingest_aliases", List.of(1, 2)),
                Map.of("name", "x", "external_id", ""),
                Map.of("name", "x", "external_id", "e".repeat(129)),
                Map.of("name", "x", "custom_fields", Map.of("k", 1)),
                Map.of("name", "x", "custom_fields", List.of()),
                Map.of("name", "x", "billing_config", "stripe"),
                Map.of("name", "x", "customer_billing_provider_configurations", Map.of()));
        for (Object body : bodies) {
            EmulatorClient.Reply reply = client.post("/v1/customers", body);
            assertThat(reply.status()).as(body.toString().substring(0, Math.min(80, body.toString().length())))
                    .isEqualTo(400);
            assertThat(reply.message()).isNotBlank();
        }
        assertThat(emulator.customers()).isEmpty();
    }

    @Test
    void aliasBoundariesAreAccepted() {
        List<String> aliases = IntStream.range(0, 2000).mapToObj(i -> "alias-" + i).toList();
        EmulatorClient.Reply reply = client.post("/v1/customers",
                Map.of("name", "x", "ingest_aliases", aliases, "external_id", "e".repeat(128)));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.data().get("ingest_aliases")).hasSize(2000);
        assertThat(client.createCustomer("y", "a".repeat(128))).isNotBlank();
    }

    @Test
    void aliasOwnedByAnotherCustomerIs409EvenWhenTheOwnerIsArchived() {
        client.createCustomer("Owner", "taken");
        EmulatorClient.Reply conflict = client.post("/v1/customers", Map.of("name", "Other", "ingest_aliases", List.of("free", "taken")));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.message()).contains("\"taken\"");

        String archived = client.createCustomer("Archived", "archived-alias");
        assertThat(client.post("/v1/customers/archive", Map.of("id", archived)).status()).isEqualTo(200);
        EmulatorClient.Reply archivedConflict = client.post("/v1/customers", Map.of("name", "New", "ingest_aliases", List.of("archived-alias")));
        assertThat(archivedConflict.status()).isEqualTo(409);
        assertThat(archivedConflict.message()).contains("archived-alias");
        assertThat(emulator.customers()).hasSize(2);
    }

    @Test
    void billingConfigIsStoredAndVisibleInTheSnapshot() {
        client.post("/v1/customers", Map.of("name", "Billed", "billing_config",
                Map.of("billing_provider_type", "stripe", "billing_provider_customer_id", "cus_1"),
                "customer_billing_provider_configurations",
                List.of(Map.of("billing_provider", "stripe", "delivery_method", "direct_to_billing_provider"))));
        CustomerSnapshot snapshot = emulator.customers().get(0);
        assertThat(snapshot.billingConfig().get("billing_provider_customer_id").asText()).isEqualTo("cus_1");
        assertThat(snapshot.customFields()).isEqualTo(Collections.emptyMap());
    }

    @Test
    void duplicateAliasesInOneRequestAreKeptOnce() {
        JsonNode data = client.post("/v1/customers", Map.of("name", "x", "ingest_aliases", List.of("a", "b", "a"))).data();
        assertThat(data.get("ingest_aliases")).extracting(JsonNode::asText).containsExactly("a", "b");
    }
}
