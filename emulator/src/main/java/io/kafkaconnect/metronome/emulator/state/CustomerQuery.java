package io.kafkaconnect.metronome.emulator.state;

import java.util.Set;

/**
 * Filters of list customers; every non-null filter must match.
 *
 * @param ids                 only these Metronome ids, or null
 * @param ingestAlias         only the customer owning this alias (external_id included), or null
 * @param onlyArchived        true lists only archived customers, false only active ones
 * @param salesforceAccountIds only customers with one of these Salesforce ids, or null
 */
public record CustomerQuery(Set<String> ids, String ingestAlias, boolean onlyArchived,
                            Set<String> salesforceAccountIds) {

    boolean matches(StoredCustomer customer) {
        return customer.archived() == onlyArchived
                && (ids == null || ids.contains(customer.id()))
                && (ingestAlias == null || customer.lookupAliases().contains(ingestAlias))
                && (salesforceAccountIds == null || salesforceAccountIds.contains(customer.salesforceAccountId()));
    }
}
