package io.kafkaconnect.metronome.emulator;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint with a JSON body refuses a field it does not define, with a 400 naming the field and the allowed
 * ones: seeds 000 and 004 list each endpoint's parameters and nothing else, so a misspelt field is never silently
 * dropped. The request would otherwise succeed: each case below is a valid body plus one unknown field.
 */
class UnknownFieldsTest extends EmulatorTestBase {

    private String customer;
    private String metric;

    @BeforeEach
    void data() {
        customer = client.createCustomer("Known", "known");
        metric = client.createMetric(Map.of("name", "calls", "aggregation_type", "COUNT"));
        client.addCustomFieldKey("customer", "tier");
    }

    private Map<String, Object> validBody(String endpoint) {
        return switch (endpoint) {
            case "/v1/customers" -> Map.of("name", "N");
            case "/v1/customers/archive", "/v1/billable-metrics/archive" ->
                    Map.of("id", endpoint.contains("billable") ? metric : customer);
            case "/v1/customers/{id}/setIngestAliases" -> Map.of("ingest_aliases", List.of("known"));
            case "/v1/customers/{id}/setName" -> Map.of("name", "Renamed");
            case "/v1/customers/{id}/updateConfig" -> Map.of("salesforce_account_id", "sf");
            case "/v1/customers/{id}/previewEvents" -> Map.of("events", List.of(Map.of("event_type", "e")));
            case "/v1/billable-metrics/create" -> Map.of("name", "m", "aggregation_type", "COUNT");
            case "/v1/customFields/addKey" -> Map.of("entity", "customer", "key", "k", "enforce_uniqueness", false);
            case "/v1/customFields/listKeys" -> Map.of();
            case "/v1/customFields/removeKey" -> Map.of("entity", "customer", "key", "tier");
            case "/v1/customFields/setValues" ->
                    Map.of("entity", "customer", "entity_id", customer, "custom_fields", Map.of("tier", "t"));
            case "/v1/customFields/deleteValues" ->
                    Map.of("entity", "customer", "entity_id", customer, "keys", List.of("tier"));
            default -> throw new IllegalArgumentException(endpoint);
        };
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/v1/customers|name, billing_config, custom_fields, customer_billing_provider_configurations, external_id, ingest_aliases",
            "/v1/customers/archive|id",
            "/v1/customers/{id}/setIngestAliases|ingest_aliases",
            "/v1/customers/{id}/setName|name",
            "/v1/customers/{id}/updateConfig|leave_stripe_invoices_in_draft, salesforce_account_id",
            "/v1/customers/{id}/previewEvents|events, mode, skip_zero_qty_line_items",
            "/v1/billable-metrics/create|name, aggregation_key, aggregation_type, custom_fields, event_type_filter, group_keys, property_filters, sql",
            "/v1/billable-metrics/archive|id",
            "/v1/customFields/addKey|enforce_uniqueness, entity, key",
            "/v1/customFields/listKeys|entities",
            "/v1/customFields/removeKey|entity, key",
            "/v1/customFields/setValues|custom_fields, entity, entity_id",
            "/v1/customFields/deleteValues|entity, entity_id, keys"})
    void anUnknownTopLevelFieldIsA400NamingItAndTheAllowedOnes(String endpoint, String allowed) {
        String path = endpoint.replace("{id}", customer);
        Map<String, Object> body = new HashMap<>(validBody(endpoint));
        body.put("unknown_field", "x");

        EmulatorClient.Reply refused = client.post(path, body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.message()).isEqualTo("Unknown field: unknown_field (allowed fields: " + allowed + ")");
        body.remove("unknown_field");
        assertThat(client.post(path, body).status()).as("the same body without it").isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/v1/ingest|[0]|transaction_id, customer_id, event_type, timestamp, properties",
            "/v1/customers/{id}/previewEvents|events[0]|event_type, customer_id, properties, timestamp, transaction_id",
            "/v1/billable-metrics/create|event_type_filter|in_values, not_in_values",
            "/v1/billable-metrics/create|property_filters[0]|name, exists, in_values, not_in_values"})
    void anUnknownFieldInADefinedNestedObjectIsRefusedToo(String endpoint, String path, String allowed) {
        Map<String, Object> object = new HashMap<>(Map.of("unknown_field", "x"));
        Object body = switch (path) {
            case "[0]" -> {
                object.putAll(Map.of("transaction_id", "t", "customer_id", "known", "event_type", "e",
                        "timestamp", "2026-01-01T00:00:00Z"));
                yield List.of(object);
            }
            case "events[0]" -> {
                object.put("event_type", "e");
                yield Map.of("events", List.of(object));
            }
            case "event_type_filter" -> Map.of("name", "m", "aggregation_type", "COUNT", "event_type_filter", object);
            default -> {
                object.put("name", "region");
                yield Map.of("name", "m", "aggregation_type", "COUNT", "property_filters", List.of(object));
            }
        };

        EmulatorClient.Reply refused = client.post(endpoint.replace("{id}", customer), body);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.message()).isEqualTo("Unknown field: " + path + ".unknown_field (allowed fields: "
                + allowed + ")");
    }
}
