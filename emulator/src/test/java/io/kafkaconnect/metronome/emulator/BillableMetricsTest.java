package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BillableMetricsTest extends EmulatorTestBase {

    @Test
    void createdMetricsAreListedForEveryCustomerWithTheirDefinition() {
        client.addCustomFieldKey("billable_metric", "team");
        String metric = client.createMetric(Map.of("name", "API calls", "aggregation_type", "SUM",
                "aggregation_key", "count", "event_type_filter", Map.of("in_values", List.of("api_call")),
                "property_filters", List.of(Map.of("name", "count", "exists", true)),
                "group_keys", List.of(List.of("region")), "custom_fields", Map.of("team", "core")));
        String customer = client.createCustomer("A");

        JsonNode page = client.get("/v1/customers/" + customer + "/billable-metrics").json();
        assertThat(page.get("next_page").isNull()).isTrue();
        JsonNode listed = page.get("data").get(0);
        assertThat(listed.get("id").asText()).isEqualTo(metric);
        assertThat(listed.get("name").asText()).isEqualTo("API calls");
        assertThat(listed.get("aggregation_type").asText()).isEqualTo("SUM");
        assertThat(listed.get("aggregation_key").asText()).isEqualTo("count");
        assertThat(listed.get("event_type_filter").get("in_values").get(0).asText()).isEqualTo("api_call");
        assertThat(listed.get("property_filters").get(0).get("exists").asBoolean()).isTrue();
        assertThat(listed.get("group_keys").get(0).get(0).asText()).isEqualTo("region");
        assertThat(listed.get("custom_fields").get("team").asText()).isEqualTo("core");
        assertThat(listed.has("archived_at")).isFalse();
    }

    @Test
    void listedMetricsCarryTheDeprecatedFieldsDerivedFromTheModernOnes() {
        client.createMetric(Map.of("name", "storage", "aggregation_type", "SUM", "aggregation_key", "gb",
                "event_type_filter", Map.of("in_values", List.of("storage"), "not_in_values", List.of("test")),
                "property_filters", List.of(Map.of("name", "gb", "exists", true),
                        Map.of("name", "region", "in_values", List.of("eu", "us"))),
                "group_keys", List.of(List.of("region"), List.of("region", "tier"))));
        client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT"));
        String customer = client.createCustomer("A");

        JsonNode data = client.get("/v1/customers/" + customer + "/billable-metrics").data();
        JsonNode storage = data.get(0);
        assertThat(storage.get("aggregate").asText()).isEqualTo("SUM");
        assertThat(storage.get("aggregate_keys")).isEqualTo(array("gb"));
        assertThat(storage.get("group_by")).as("each property of group_keys once").isEqualTo(array("region", "tier"));
        assertThat(storage.get("filter")).isEqualTo(EmulatorClient.JSON.valueToTree(Map.of(
                "event_type_filter", storage.get("event_type_filter"),
                "property_filters", storage.get("property_filters"))));
        assertThat(storage.get("filter").get("property_filters")).hasSize(2);

        JsonNode calls = data.get(1);
        assertThat(calls.get("aggregate").asText()).isEqualTo("COUNT");
        assertThat(calls.get("aggregate_keys")).as("COUNT has no aggregation key").isEmpty();
        assertThat(calls.get("group_by")).isEmpty();
        assertThat(calls.get("filter")).isEqualTo(EmulatorClient.JSON.valueToTree(
                Map.of("property_filters", List.of())));
    }

    @Test
    void createRefusesTheDeprecatedFieldsNamingTheirReplacement() {
        Map<String, String> replacements = Map.of("aggregate", "aggregation_type", "aggregate_keys", "aggregation_key",
                "filter", "event_type_filter and property_filters", "group_by", "group_keys");
        Map<String, Object> values = Map.of("aggregate", "SUM", "aggregate_keys", List.of("gb"),
                "filter", Map.of("event_type", "storage"), "group_by", List.of("region"));
        replacements.forEach((field, replacement) -> {
            EmulatorClient.Reply reply = client.post("/v1/billable-metrics/create", Map.of("name", "x",
                    "aggregation_type", "SUM", "aggregation_key", "gb", field, values.get(field)));
            assertThat(reply.status()).as(field).isEqualTo(400);
            assertThat(reply.message()).contains(field + " is deprecated", "use " + replacement);
        });
        Map<String, Object> withNull = new HashMap<>(Map.of("name", "x", "aggregation_type", "COUNT"));
        withNull.put("group_by", null);
        assertThat(client.post("/v1/billable-metrics/create", withNull).status()).as("null counts as absent")
                .isEqualTo(200);
        assertThat(client.get("/v1/customers/" + client.createCustomer("A") + "/billable-metrics").data()).hasSize(1);
    }

    private static JsonNode array(String... values) {
        return EmulatorClient.JSON.valueToTree(List.of(values));
    }

    @Test
    void archivedMetricsAreHiddenUnlessIncludeArchived() {
        String kept = client.createMetric(Map.of("name", "kept", "aggregation_type", "COUNT"));
        String gone = client.createMetric(Map.of("name", "gone", "aggregation_type", "COUNT"));
        EmulatorClient.Reply archived = client.post("/v1/billable-metrics/archive", Map.of("id", gone));
        assertThat(archived.data().get("id").asText()).isEqualTo(gone);
        String customer = client.createCustomer("A");

        assertThat(metricIds(client.get("/v1/customers/" + customer + "/billable-metrics").json())).containsExactly(kept);
        JsonNode all = client.get("/v1/customers/" + customer + "/billable-metrics?include_archived=true").json();
        assertThat(metricIds(all)).containsExactly(kept, gone);
        assertThat(all.get("data").get(1).has("archived_at")).isTrue();

        assertThat(client.post("/v1/billable-metrics/archive", Map.of("id", gone)).status()).isEqualTo(400);
        assertThat(client.post("/v1/billable-metrics/archive", Map.of("id", "nope")).status()).isEqualTo(404);
    }

    @Test
    void onCurrentPlanListsOnlyRatedMetrics() {
        String rated = client.createMetric(Map.of("name", "rated", "aggregation_type", "COUNT"));
        client.createMetric(Map.of("name", "unrated", "aggregation_type", "COUNT"));
        String customer = client.createCustomer("A");
        emulator.setRates(customer, Map.of(rated, 2.0));
        assertThat(metricIds(client.get("/v1/customers/" + customer + "/billable-metrics?on_current_plan=true").json()))
                .containsExactly(rated);
        assertThat(client.get("/v1/customers/" + customer + "/billable-metrics").json().get("data")).hasSize(2);
    }

    @Test
    void metricListsArePaged() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(client.createMetric(Map.of("name", "m" + i, "aggregation_type", "COUNT")));
        }
        String customer = client.createCustomer("A");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = client.get("/v1/customers/" + customer + "/billable-metrics?limit=2"
                    + (cursor == null ? "" : "&next_page=" + cursor)).json();
            seen.addAll(metricIds(page));
            cursor = page.get("next_page").isNull() ? null : page.get("next_page").asText();
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(client.get("/v1/customers/" + customer + "/billable-metrics?limit=0").status()).isEqualTo(400);
    }

    @Test
    void invalidMetricDefinitionsAre400() {
        for (Object body : List.of(
                Map.of("aggregation_type", "COUNT"),
                Map.of("name", "x"),
                Map.of("name", "x", "aggregation_type", "MEDIAN"),
                Map.of("name", "x", "aggregation_type", "SUM"),
                Map.of("name", "x", "aggregation_type", "COUNT", "property_filters", List.of(Map.of("exists", true))),
                Map.of("name", "x", "aggregation_type", "COUNT", "group_keys", List.of("region")),
                Map.of("name", "x", "aggregation_type", "COUNT", "event_type_filter", Map.of("in_values", "a")))) {
            assertThat(client.post("/v1/billable-metrics/create", body).status()).as(body.toString()).isEqualTo(400);
        }
    }

    private static List<String> metricIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(metric -> ids.add(metric.get("id").asText()));
        return ids;
    }
}
