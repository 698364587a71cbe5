package io.kafkaconnect.metronome.emulator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kafkaconnect.metronome.emulator.http.JsonCodec;
import io.kafkaconnect.metronome.emulator.state.BillableStatus;
import io.kafkaconnect.metronome.emulator.state.StoredCustomer;

import java.time.Instant;
import java.util.Map;

/** The wire shapes of a customer: {@code StoredCustomer} (create, set name) and {@code CustomerDetail} (get, list). */
final class CustomerJson {
    private CustomerJson() {
    }

    static ObjectNode customer(StoredCustomer customer) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("id", customer.id());
        json.put("external_id", customer.effectiveExternalId());
        customer.ingestAliases().forEach(json.putArray("ingest_aliases")::add);
        json.put("name", customer.name());
        json.set("custom_fields", customFields(customer.customFields()));
        return json;
    }

    static ObjectNode detail(StoredCustomer customer) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        json.put("id", customer.id());
        json.put("created_at", customer.createdAt().toString());
        json.put("updated_at", customer.updatedAt().toString());
        json.set("custom_fields", customFields(customer.customFields()));
        json.putObject("customer_config").put("salesforce_account_id", customer.salesforceAccountId());
        json.put("external_id", customer.effectiveExternalId());
        customer.ingestAliases().forEach(json.putArray("ingest_aliases")::add);
        json.put("name", customer.name());
        json.put("archived_at", text(customer.archivedAt()));
        BillableStatus billableStatus = customer.currentBillableStatus();
        ObjectNode status = json.putObject("current_billable_status");
        status.put("value", billableStatus.value());
        status.put("effective_at", billableStatus.effectiveAt().toString());
        return json;
    }

    private static ObjectNode customFields(Map<String, String> fields) {
        ObjectNode json = JsonCodec.MAPPER.createObjectNode();
        fields.forEach(json::put);
        return json;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
