package io.kafkaconnect.metronome.emulator.state;

import io.kafkaconnect.metronome.emulator.ApiException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * All customers and the ingest-alias index. Writes are serialised by one lock so alias uniqueness
 * holds across customers; reads go straight to the concurrent maps and see whole immutable
 * {@link StoredCustomer} versions.
 */
public final class CustomerStore {
    /** The custom-field entity type of customers. */
    public static final String ENTITY = "customer";

    private final Object writeLock = new Object();
    private final Map<String, StoredCustomer> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, StoredCustomer> bySeq = new ConcurrentSkipListMap<>();
    /** alias (ingest alias or explicit external_id) to the id of the customer owning it, archived ones included */
    private final Map<String, String> aliasOwners = new ConcurrentHashMap<>();
    private final CustomFieldKeys customFieldKeys;
    private long lastSeq;

    /** @param customFieldKeys the allow list that custom fields are checked against */
    public CustomerStore(CustomFieldKeys customFieldKeys) {
        this.customFieldKeys = customFieldKeys;
    }

    /** @throws ApiException 400 for an unregistered custom field key, 409 for a taken alias or unique value */
    public StoredCustomer create(NewCustomer spec, Instant now) {
        synchronized (writeLock) {
            customFieldKeys.requireRegistered(ENTITY, spec.customFields().keySet());
            StoredCustomer customer = new StoredCustomer(++lastSeq, IdGenerator.newId(), spec.name(),
                    List.copyOf(spec.ingestAliases()), spec.externalId(), Map.copyOf(spec.customFields()),
                    null, null, spec.billingConfig(), now, now, null, null);
            List<String> aliases = customer.lookupAliases();
            requireFree(aliases, null);
            customFieldKeys.requireAllowed(ENTITY, customer.customFields(), customFieldsOfOthers(null));
            store(customer);
            aliases.forEach(alias -> aliasOwners.put(alias, customer.id()));
            return customer;
        }
    }

    /** Creates {@code count} customers named {@code namePrefix + i}, with alias {@code aliasPrefix + i} unless the prefix is null. */
    public List<String> bulkCreate(int count, String namePrefix, String aliasPrefix, Instant now) {
        if (count < 0) {
            throw ApiException.badRequest("count must not be negative");
        }
        synchronized (writeLock) {
            if (aliasPrefix != null) {
                for (int i = 0; i < count; i++) {
                    requireFree(List.of(aliasPrefix + i), null);
                }
            }
            List<String> ids = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                List<String> aliases = aliasPrefix == null ? List.of() : List.of(aliasPrefix + i);
                StoredCustomer customer = new StoredCustomer(++lastSeq, IdGenerator.newId(), namePrefix + i, aliases,
                        null, Map.of(), null, null, null, now, now, null, null);
                store(customer);
                aliases.forEach(alias -> aliasOwners.put(alias, customer.id()));
                ids.add(customer.id());
            }
            return ids;
        }
    }

    public StoredCustomer require(String id) {
        StoredCustomer customer = byId.get(id);
        if (customer == null) {
            throw ApiException.notFound("Customer not found");
        }
        return customer;
    }

    /** The id of the customer that a usage event's customer_id (a Metronome id or an alias) refers to. */
    public Optional<String> resolve(String idOrAlias) {
        if (byId.containsKey(idOrAlias)) {
            return Optional.of(idOrAlias);
        }
        return Optional.ofNullable(aliasOwners.get(idOrAlias));
    }

    public StoredCustomer archive(String id, Instant now) {
        synchronized (writeLock) {
            StoredCustomer customer = require(id);
            if (customer.archived()) {
                throw ApiException.badRequest("Customer already archived");
            }
            return store(customer.archivedAt(now));
        }
    }

    public StoredCustomer setName(String id, String name, Instant now) {
        synchronized (writeLock) {
            StoredCustomer customer = require(id);
            return customer.name().equals(name) ? customer : store(customer.withName(name, now));
        }
    }

    /** Replaces the whole alias set; an alias owned by another customer is a 409. */
    public StoredCustomer setIngestAliases(String id, List<String> aliases, Instant now) {
        synchronized (writeLock) {
            StoredCustomer customer = require(id);
            List<String> replacement = List.copyOf(aliases);
            if (customer.ingestAliases().equals(replacement)) {
                return customer;
            }
            StoredCustomer updated = customer.withIngestAliases(replacement, now);
            requireFree(updated.lookupAliases(), id);
            customer.lookupAliases().forEach(alias -> aliasOwners.remove(alias, id));
            updated.lookupAliases().forEach(alias -> aliasOwners.put(alias, id));
            return store(updated);
        }
    }

    /** Applies the non-null settings; updated_at moves only when something changed. */
    public StoredCustomer updateConfig(String id, String salesforceAccountId, Boolean leaveStripeInvoicesInDraft,
                                 Instant now) {
        synchronized (writeLock) {
            StoredCustomer customer = require(id);
            String salesforce = salesforceAccountId != null ? salesforceAccountId : customer.salesforceAccountId();
            Boolean leaveInDraft = leaveStripeInvoicesInDraft != null
                    ? leaveStripeInvoicesInDraft : customer.leaveStripeInvoicesInDraft();
            if (Objects.equals(salesforce, customer.salesforceAccountId())
                    && Objects.equals(leaveInDraft, customer.leaveStripeInvoicesInDraft())) {
                return customer;
            }
            return store(customer.withConfig(salesforce, leaveInDraft, now));
        }
    }

    /** Sets current_billable_status; archived customers too. */
    public StoredCustomer setBillableStatus(String id, BillableStatus status) {
        synchronized (writeLock) {
            StoredCustomer customer = require(id);
            return customer.currentBillableStatus().equals(status) ? customer
                    : store(customer.withBillableStatus(status));
        }
    }

    /** Sets these custom fields, keeping the others ({@code /v1/customFields/setValues}). */
    public StoredCustomer setCustomFields(String id, Map<String, String> fields, Instant now) {
        synchronized (writeLock) {
            StoredCustomer customer = require(id);
            customFieldKeys.requireAllowed(ENTITY, fields, customFieldsOfOthers(id));
            Map<String, String> merged = new LinkedHashMap<>(customer.customFields());
            merged.putAll(fields);
            return replaceCustomFields(customer, merged, now);
        }
    }

    /** Removes these custom fields ({@code /v1/customFields/deleteValues}); absent keys are ignored. */
    public StoredCustomer deleteCustomFields(String id, Collection<String> keys, Instant now) {
        synchronized (writeLock) {
            StoredCustomer customer = require(id);
            Map<String, String> kept = new LinkedHashMap<>(customer.customFields());
            kept.keySet().removeAll(keys);
            return replaceCustomFields(customer, kept, now);
        }
    }

    /** Drops a removed key's values from every customer: Metronome no longer shows them. */
    public void dropCustomFieldKey(String key, Instant now) {
        synchronized (writeLock) {
            for (StoredCustomer customer : bySeq.values()) {
                if (customer.customFields().containsKey(key)) {
                    deleteCustomFields(customer.id(), List.of(key), now);
                }
            }
        }
    }

    /** Customers matching {@code query} with a creation sequence above {@code afterSeq}, in creation order. */
    public ListPage<StoredCustomer> list(CustomerQuery query, long afterSeq, int limit) {
        Collection<StoredCustomer> candidates;
        if (query.ids() != null) {
            candidates = query.ids().stream().map(byId::get).filter(Objects::nonNull)
                    .sorted(Comparator.comparingLong(StoredCustomer::seq)).toList();
        } else if (query.ingestAlias() != null) {
            candidates = resolveAlias(query.ingestAlias()).map(List::of).orElse(List.of());
        } else {
            candidates = bySeq.tailMap(afterSeq, false).values();
        }
        List<StoredCustomer> collected = new ArrayList<>();
        for (StoredCustomer customer : candidates) {
            if (customer.seq() > afterSeq && query.matches(customer)) {
                collected.add(customer);
                if (collected.size() > limit) {
                    break;
                }
            }
        }
        return ListPage.fromOverfetch(collected, limit);
    }

    public List<StoredCustomer> all() {
        return List.copyOf(bySeq.values());
    }

    public void clear() {
        synchronized (writeLock) {
            byId.clear();
            bySeq.clear();
            aliasOwners.clear();
            lastSeq = 0;
        }
    }

    private StoredCustomer replaceCustomFields(StoredCustomer customer, Map<String, String> fields, Instant now) {
        return fields.equals(customer.customFields()) ? customer
                : store(customer.withCustomFields(Map.copyOf(fields), now));
    }

    /** The custom fields of every customer but {@code ownerId}, for uniqueness checks. */
    private Iterable<Map<String, String>> customFieldsOfOthers(String ownerId) {
        return () -> bySeq.values().stream().filter(c -> !c.id().equals(ownerId)).map(StoredCustomer::customFields)
                .iterator();
    }

    private Optional<StoredCustomer> resolveAlias(String alias) {
        return Optional.ofNullable(aliasOwners.get(alias)).map(byId::get);
    }

    private void requireFree(List<String> aliases, String allowedOwner) {
        for (String alias : aliases) {
            String owner = aliasOwners.get(alias);
            if (owner != null && !owner.equals(allowedOwner)) {
                throw ApiException.conflict("Ingest alias \"" + alias + "\" is already in use by another customer");
            }
        }
    }

    private StoredCustomer store(StoredCustomer customer) {
        byId.put(customer.id(), customer);
        bySeq.put(customer.seq(), customer);
        return customer;
    }
}
