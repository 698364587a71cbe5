package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The allow list of custom field keys, and the custom fields that create, setValues and deleteValues accept. */
class CustomFieldKeysTest extends EmulatorTestBase {

    private EmulatorClient.Reply addKey(String entity, String key, boolean unique) {
        return client.post("/v1/customFields/addKey", Map.of("entity", entity, "key", key, "enforce_uniqueness", unique));
    }

    private List<String> listedKeys(Map<String, Object> body) {
        JsonNode page = client.post("/v1/customFields/listKeys", body).json();
        List<String> keys = new ArrayList<>();
        page.get("data").forEach(key -> keys.add(key.get("entity").asText() + ":" + key.get("key").asText()
                + (key.get("enforce_uniqueness").asBoolean() ? "!" : "")));
        return keys;
    }

    @Test
    void createWithAnUnregisteredKeyIsRefusedAndAcceptedAfterAddKey() {
        Map<String, Object> body = Map.of("name", "Acme", "custom_fields", Map.of("tier", "gold", "region", "eu"));

        EmulatorClient.Reply refused = client.post("/v1/customers", body);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).isEqualTo("Invalid custom field keys: region, tier");
        assertThat(emulator.customers()).isEmpty();

        assertThat(addKey("customer", "tier", false).status()).isEqualTo(200);
        assertThat(client.post("/v1/customers", body).message()).isEqualTo("Invalid custom field keys: region");
        // a key of another entity does not count
        assertThat(addKey("billable_metric", "region", false).status()).isEqualTo(200);
        assertThat(client.post("/v1/customers", body).status()).isEqualTo(400);

        assertThat(addKey("customer", "region", false).status()).isEqualTo(200);
        EmulatorClient.Reply created = client.post("/v1/customers", body);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.data().get("custom_fields").get("region").asText()).isEqualTo("eu");
        assertThat(emulator.customers()).singleElement()
                .satisfies(c -> assertThat(c.customFields()).isEqualTo(Map.of("tier", "gold", "region", "eu")));
    }

    @Test
    void billableMetricCreateChecksItsKeysToo() {
        Map<String, Object> metric = Map.of("name", "calls", "aggregation_type", "COUNT",
                "custom_fields", Map.of("team", "core"));
        addKey("customer", "team", false);
        EmulatorClient.Reply refused = client.post("/v1/billable-metrics/create", metric);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).isEqualTo("Invalid custom field keys: team");

        addKey("billable_metric", "team", false);
        assertThat(client.post("/v1/billable-metrics/create", metric).status()).isEqualTo(200);
    }

    @Test
    void keysAreListedInOrderFilteredByEntityAndPaged() {
        addKey("customer", "tier", false);
        addKey("billable_metric", "team", true);
        addKey("contract", "deal", false);
        addKey("customer", "tier", true); // again: only the uniqueness changes

        assertThat(listedKeys(Map.of())).containsExactly("customer:tier!", "billable_metric:team!", "contract:deal");
        assertThat(listedKeys(Map.of("entities", List.of("customer", "contract"))))
                .containsExactly("customer:tier!", "contract:deal");
        assertThat(client.post("/v1/customFields/listKeys", "").json().get("data")).hasSize(3);

        IntStream.range(0, 150).forEach(i -> addKey("product", "k" + i, false));
        JsonNode first = client.post("/v1/customFields/listKeys", Map.of("entities", List.of("product"))).json();
        assertThat(first.get("data")).hasSize(100);
        JsonNode second = client.post("/v1/customFields/listKeys?next_page=" + first.get("next_page").asText(),
                Map.of("entities", List.of("product"))).json();
        assertThat(second.get("data")).hasSize(50);
        assertThat(second.get("data").get(0).get("key").asText()).isEqualTo("k100");
        assertThat(second.get("next_page").isNull()).isTrue();
    }

    @Test
    void removeKeyRefusesTheKeyFromThenOnAndHidesItsValues() {
        addKey("customer", "tier", false);
        String id = client.post("/v1/customers", Map.of("name", "A", "custom_fields", Map.of("tier", "gold")))
                .data().get("id").asText();

        EmulatorClient.Reply removed = client.post("/v1/customFields/removeKey", Map.of("entity", "customer", "key", "tier"));
        assertThat(removed.status()).isEqualTo(200);
        assertThat(listedKeys(Map.of())).isEmpty();
        assertThat(client.customer(id).get("custom_fields").size()).isZero();
        assertThat(client.post("/v1/customers", Map.of("name", "B", "custom_fields", Map.of("tier", "x"))).message())
                .isEqualTo("Invalid custom field keys: tier");

        EmulatorClient.Reply again = client.post("/v1/customFields/removeKey", Map.of("entity", "customer", "key", "tier"));
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.message()).isEqualTo("Custom field key \"tier\" is not registered for entity customer");
    }

    @Test
    void addKeyValidatesItsBody() {
        assertThat(addKey("customers", "tier", false).message())
                .startsWith("entity must be one of: alert, billable_metric, charge,").endsWith("(got \"customers\")");
        assertThat(addKey("customer", "k".repeat(101), false).message()).isEqualTo("key must be 1 to 100 characters long");
        assertThat(addKey("customer", "", false).status()).isEqualTo(400);
        assertThat(addKey("customer", "k".repeat(100), false).status()).isEqualTo(200);
        EmulatorClient.Reply noFlag = client.post("/v1/customFields/addKey", Map.of("entity", "customer", "key", "k"));
        assertThat(noFlag.status()).isEqualTo(400);
        assertThat(noFlag.message()).isEqualTo("enforce_uniqueness is required");
        assertThat(client.post("/v1/customFields/listKeys", Map.of("entities", List.of("nope"))).status()).isEqualTo(400);
    }

    @Test
    void presetKeysSurviveAResetAndAddedOnesDoNot() throws Exception {
        // an emulator of its own: presets outlive reset(), and this class's emulator is shared by its tests
        try (MetronomeEmulator own = new MetronomeEmulator(0, TOKEN).presetCustomFieldKeys("customer", "tier").start();
             EmulatorClient ownClient = new EmulatorClient(own)) {
            own.addCustomFieldKey("customer", "added", false);
            own.reset();
            JsonNode keys = ownClient.post("/v1/customFields/listKeys", Map.of()).json().get("data");
            assertThat(keys).singleElement().satisfies(key -> assertThat(key.get("key").asText()).isEqualTo("tier"));
            assertThat(ownClient.post("/v1/customers", Map.of("name", "A", "custom_fields", Map.of("tier", "v")))
                    .status()).isEqualTo(200);
            assertThat(ownClient.post("/v1/customers", Map.of("name", "B", "custom_fields", Map.of("added", "v")))
                    .message()).isEqualTo("Invalid custom field keys: added");
            assertThatThrownBy(() -> own.presetCustomFieldKeys("nothing", "k"))
                    .isInstanceOf(ApiException.class).hasMessageStartingWith("entity must be one of:");
        }
    }

    @Test
    void setValuesAndDeleteValuesChangeOneInstance() {
        addKey("customer", "tier", false);
        addKey("customer", "region", false);
        addKey("billable_metric", "team", false);
        String id = client.createCustomer("A", "a");
        String metric = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT"));

        assertThat(client.post("/v1/customFields/setValues", Map.of("entity", "customer", "entity_id", id,
                "custom_fields", Map.of("tier", "gold", "region", "eu"))).status()).isEqualTo(200);
        assertThat(client.post("/v1/customFields/setValues", Map.of("entity", "customer", "entity_id", id,
                "custom_fields", Map.of("tier", "silver"))).status()).isEqualTo(200);
        assertThat(client.customer(id).get("custom_fields").get("tier").asText()).isEqualTo("silver");
        assertThat(client.customer(id).get("custom_fields").get("region").asText()).isEqualTo("eu");

        // all or nothing: one unregistered key and nothing is set
        EmulatorClient.Reply refused = client.post("/v1/customFields/setValues", Map.of("entity", "customer",
                "entity_id", id, "custom_fields", Map.of("tier", "bronze", "color", "red")));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.message()).isEqualTo("Invalid custom field keys: color");
        assertThat(client.customer(id).get("custom_fields").get("tier").asText()).isEqualTo("silver");
        EmulatorClient.Reply tooLong = client.post("/v1/customFields/setValues", Map.of("entity", "customer",
                "entity_id", id, "custom_fields", Map.of("tier", "t".repeat(201))));
        assertThat(tooLong.message()).isEqualTo("custom_fields.tier must be at most 200 characters long");

        assertThat(client.post("/v1/customFields/deleteValues", Map.of("entity", "customer", "entity_id", id,
                "keys", List.of("region", "never-set"))).status()).isEqualTo(200);
        assertThat(emulator.customers().get(0).customFields()).isEqualTo(Map.of("tier", "silver"));

        assertThat(client.post("/v1/customFields/setValues", Map.of("entity", "billable_metric", "entity_id", metric,
                "custom_fields", Map.of("team", "core"))).status()).isEqualTo(200);
        assertThat(client.get("/v1/customers/" + id + "/billable-metrics").json().get("data").get(0)
                .get("custom_fields").get("team").asText()).isEqualTo("core");

        assertThat(client.post("/v1/customFields/setValues", Map.of("entity", "customer", "entity_id", "nope",
                "custom_fields", Map.of("tier", "x"))).status()).isEqualTo(404);
        assertThat(client.post("/v1/customFields/setValues", Map.of("entity", "contract", "entity_id", "c-1",
                "custom_fields", Map.of())).status()).isEqualTo(404);
    }

    @Test
    void aKeyThatEnforcesUniquenessRefusesAValueAnotherInstanceHas() {
        addKey("customer", "account", true);
        client.post("/v1/customers", Map.of("name", "A", "custom_fields", Map.of("account", "acc-1")));

        EmulatorClient.Reply twin = client.post("/v1/customers", Map.of("name", "B", "custom_fields", Map.of("account", "acc-1")));
        assertThat(twin.status()).isEqualTo(409);
        assertThat(twin.message()).isEqualTo("Custom field account must be unique, and the value \"acc-1\" is already"
                + " set on another customer");
        String other = client.post("/v1/customers", Map.of("name", "C", "custom_fields", Map.of("account", "acc-2")))
                .data().get("id").asText();
        assertThat(client.post("/v1/customFields/setValues", Map.of("entity", "customer", "entity_id", other,
                "custom_fields", Map.of("account", "acc-1"))).status()).isEqualTo(409);
        assertThat(client.post("/v1/customFields/setValues", Map.of("entity", "customer", "entity_id", other,
                "custom_fields", Map.of("account", "acc-2"))).status()).as("its own value again").isEqualTo(200);
        assertThat(emulator.customers()).hasSize(2);
    }
}
