package io.kafkaconnect.metronome.client.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Body of {@code POST /v1/customers}; null fields are left out of the JSON. */
public record CreateCustomerRequest(
        String name,
        List<String> ingestAliases,
        String externalId,
        Map<String, String> customFields,
        JsonNode billingConfig,
        JsonNode customerBillingProviderConfigurations) {

    public static CreateCustomerRequest of(String name, List<String> ingestAliases) {
        return new CreateCustomerRequest(name, ingestAliases, null, null, null, null);
    }
}
