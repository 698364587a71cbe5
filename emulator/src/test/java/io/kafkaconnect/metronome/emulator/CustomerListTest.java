package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerListTest extends EmulatorTestBase {

    @Test
    void retrieveReturnsTheCustomerDetailShape() {
        emulator.setNow(Instant.parse("2024-03-01T10:15:30Z"));
        String id = client.createCustomer("Acme", "acme");
        JsonNode detail = client.customer(id);
        assertThat(detail.get("id").asText()).isEqualTo(id);
        assertThat(detail.get("name").asText()).isEqualTo("Acme");
        assertThat(detail.get("created_at").asText()).isEqualTo("2024-03-01T10:15:30Z");
        assertThat(detail.get("updated_at").asText()).isEqualTo("2024-03-01T10:15:30Z");
        assertThat(detail.get("archived_at").isNull()).isTrue();
        assertThat(detail.get("external_id").asText()).isEqualTo("acme");
        assertThat(detail.get("ingest_aliases")).extracting(JsonNode::asText).containsExactly("acme");
        assertThat(detail.get("custom_fields").isObject()).isTrue();
        assertThat(detail.get("customer_config").has("salesforce_account_id")).isTrue();
        assertThat(detail.get("current_billable_status").get("value").asText()).isEqualTo("billable");
        assertThat(detail.get("current_billable_status").get("effective_at").asText()).isEqualTo("2024-03-01T10:15:30Z");
    }

    @Test
    void listShowsActiveCustomersByDefaultAndOnlyArchivedOnRequest() {
        String active = client.createCustomer("Active");
        String archived = client.createCustomer("Archived");
        client.post("/v1/customers/archive", Map.of("id", archived));

        assertThat(ids(client.get("/v1/customers").json())).containsExactly(active);
        assertThat(ids(client.get("/v1/customers?only_archived=false").json())).containsExactly(active);
        assertThat(ids(client.get("/v1/customers?only_archived=true").json())).containsExactly(archived);
        assertThat(client.get("/v1/customers?only_archived=maybe").status()).isEqualTo(400);
        assertThat(client.customer(archived).get("archived_at").isNull()).isFalse();
    }

    @Test
    void customerIdsAreCommaSeparatedAndCappedAt100() {
        String a = client.createCustomer("A");
        client.createCustomer("B");
        String c = client.createCustomer("C");
        assertThat(ids(client.get("/v1/customers?customer_ids=" + c + "," + a).json())).containsExactly(a, c);
        assertThat(ids(client.get("/v1/customers?customer_ids=" + a + "&customer_ids=" + c).json())).containsExactly(a, c);

        String hundred = String.join(",", IntStream.range(0, 100).mapToObj(i -> "id-" + i).toList());
        assertThat(client.get("/v1/customers?customer_ids=" + hundred).status()).isEqualTo(200);
        EmulatorClient.Reply tooMany = client.get("/v1/customers?customer_ids=" + hundred + ",id-100");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.message()).contains("customer_ids");
    }

    @Test
    void filtersByIngestAliasAndSalesforceAccountIds() {
        String a = client.createCustomer("A", "alias-a");
        String b = client.createCustomer("B", "alias-b");
        String c = client.createCustomer("C");
        client.post("/v1/customers/" + a + "/updateConfig", Map.of("salesforce_account_id", "sf-a"));
        client.post("/v1/customers/" + c + "/updateConfig", Map.of("salesforce_account_id", "sf-c"));

        assertThat(ids(client.get("/v1/customers?ingest_alias=alias-b").json())).containsExactly(b);
        assertThat(ids(client.get("/v1/customers?ingest_alias=unknown").json())).isEmpty();
        assertThat(ids(client.get("/v1/customers?salesforce_account_ids=sf-c,sf-a").json())).containsExactly(a, c);
        String tooMany = String.join(",", IntStream.range(0, 101).mapToObj(i -> "sf-" + i).toList());
        assertThat(client.get("/v1/customers?salesforce_account_ids=" + tooMany).status()).isEqualTo(400);
    }

    @Test
    void limitOutsideOneToHundredAndMalformedCursorsAre400() {
        for (String query : List.of("limit=0", "limit=101", "limit=abc", "next_page=%25%25", "next_page=bm9wZQ",
                "next_page=" + Base64.getUrlEncoder().encodeToString("billable-metrics:3".getBytes()))) {
            EmulatorClient.Reply reply = client.get("/v1/customers?" + query);
            assertThat(reply.status()).as(query).isEqualTo(400);
        }
        assertThat(client.get("/v1/customers?limit=1").status()).isEqualTo(200);
        assertThat(client.get("/v1/customers?limit=100").status()).isEqualTo(200);
    }

    @Test
    void paginatesAcrossPagesInCreationOrder() {
        List<String> created = emulator.bulkCreateCustomers(250, "Customer ", "c-");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = client.get("/v1/customers?limit=100" + (cursor == null ? "" : "&next_page=" + cursor)).json();
            seen.addAll(ids(page));
            cursor = page.get("next_page").isNull() ? null : page.get("next_page").asText();
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(client.get("/v1/customers").json().get("data")).hasSize(100);
    }

    @Test
    void paginationIsStableUnderInsertsBetweenPages() {
        List<String> initial = emulator.bulkCreateCustomers(25, "Customer ", "c-");
        List<String> seen = new ArrayList<>();
        List<String> inserted = new ArrayList<>();
        String cursor = null;
        int round = 0;
        do {
            JsonNode page = client.get("/v1/customers?limit=10" + (cursor == null ? "" : "&next_page=" + cursor)).json();
            seen.addAll(ids(page));
            cursor = page.get("next_page").isNull() ? null : page.get("next_page").asText();
            if (cursor != null && round++ < 3) {
                inserted.add(client.createCustomer("Inserted " + round));
            }
        } while (cursor != null);
        List<String> expected = new ArrayList<>(initial);
        expected.addAll(inserted);
        assertThat(seen).containsExactlyElementsOf(expected).doesNotHaveDuplicates();
    }

    @Test
    void paginationSkipsCustomersArchivedMeanwhileWithoutRepeating() {
        List<String> created = emulator.bulkCreateCustomers(6, "Customer ", null);
        JsonNode first = client.get("/v1/customers?limit=3").json();
        client.post("/v1/customers/archive", Map.of("id", created.get(4)));
        JsonNode second = client.get("/v1/customers?limit=3&next_page=" + first.get("next_page").asText()).json();
        assertThat(ids(first)).containsExactlyElementsOf(created.subList(0, 3));
        assertThat(ids(second)).containsExactly(created.get(3), created.get(5));
        assertThat(second.get("next_page").isNull()).isTrue();
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(customer -> ids.add(customer.get("id").asText()));
        return ids;
    }
}
