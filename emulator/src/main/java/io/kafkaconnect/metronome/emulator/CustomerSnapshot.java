package io.kafkaconnect.metronome.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A read-only copy of one emulated customer, for assertions in tests.
 *
 * @param externalId     the external_id the API shows: the one given at creation, else the first ingest
 *                       alias, else the id
 * @param billingConfig  the billing_config given at creation, or null
 * @param archivedAt     null while the customer is active
 */
public record CustomerSnapshot(String id, String name, List<String> ingestAliases, Map<String, String> customFields,
                               String externalId, String salesforceAccountId, Boolean leaveStripeInvoicesInDraft,
                               JsonNode billingConfig, Instant createdAt, Instant updatedAt, Instant archivedAt) {
}
