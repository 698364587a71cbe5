package io.kafkaconnect.metronome.emulator.state;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One customer, immutable: the store swaps in a new instance on every change, so readers never see
 * a half-applied update. Kept small on purpose (benchmarks hold a million of these): optional parts
 * are null rather than empty objects.
 *
 * @param seq         creation order, the key of list pagination
 * @param externalId  the external_id given at creation, or null (see {@link #effectiveExternalId()})
 * @param billableStatus null while the customer is billable since its creation (see {@link #currentBillableStatus()})
 */
public record StoredCustomer(long seq, String id, String name, List<String> ingestAliases, String externalId,
                       Map<String, String> customFields, String salesforceAccountId,
                       Boolean leaveStripeInvoicesInDraft, JsonNode billingConfig,
                       Instant createdAt, Instant updatedAt, Instant archivedAt, BillableStatus billableStatus) {

    /** The status the API shows: the one set last, else billable since creation. */
    public BillableStatus currentBillableStatus() {
        return billableStatus != null ? billableStatus : new BillableStatus(true, createdAt);
    }

    /** What the API shows as external_id: the given one, else the first ingest alias, else the id. */
    public String effectiveExternalId() {
        if (externalId != null) {
            return externalId;
        }
        return ingestAliases.isEmpty() ? id : ingestAliases.get(0);
    }

    /** Every name events and filters may use for this customer besides its id; external_id counts too. */
    public List<String> lookupAliases() {
        if (externalId == null || ingestAliases.contains(externalId)) {
            return ingestAliases;
        }
        List<String> all = new ArrayList<>(ingestAliases);
        all.add(externalId);
        return all;
    }

    public boolean archived() {
        return archivedAt != null;
    }

    StoredCustomer withName(String newName, Instant now) {
        return new StoredCustomer(seq, id, newName, ingestAliases, externalId, customFields, salesforceAccountId,
                leaveStripeInvoicesInDraft, billingConfig, createdAt, now, archivedAt, billableStatus);
    }

    StoredCustomer withIngestAliases(List<String> aliases, Instant now) {
        return new StoredCustomer(seq, id, name, aliases, externalId, customFields, salesforceAccountId,
                leaveStripeInvoicesInDraft, billingConfig, createdAt, now, archivedAt, billableStatus);
    }

    StoredCustomer withConfig(String salesforceId, Boolean leaveInDraft, Instant now) {
        return new StoredCustomer(seq, id, name, ingestAliases, externalId, customFields, salesforceId,
                leaveInDraft, billingConfig, createdAt, now, archivedAt, billableStatus);
    }

    /** Not an edit of the customer's own data, so updated_at stays. */
    StoredCustomer withBillableStatus(BillableStatus status) {
        return new StoredCustomer(seq, id, name, ingestAliases, externalId, customFields, salesforceAccountId,
                leaveStripeInvoicesInDraft, billingConfig, createdAt, updatedAt, archivedAt, status);
    }

    StoredCustomer withCustomFields(Map<String, String> fields, Instant now) {
        return new StoredCustomer(seq, id, name, ingestAliases, externalId, fields, salesforceAccountId,
                leaveStripeInvoicesInDraft, billingConfig, createdAt, now, archivedAt, billableStatus);
    }

    StoredCustomer archivedAt(Instant now) {
        return new StoredCustomer(seq, id, name, ingestAliases, externalId, customFields, salesforceAccountId,
                leaveStripeInvoicesInDraft, billingConfig, createdAt, now, now, billableStatus);
    }
}
