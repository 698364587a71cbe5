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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/** The organisation's billable metrics; global, every customer sees the same catalog. */
public final class BillableMetricCatalog {
    /** The custom-field entity type of billable metrics. */
    public static final String ENTITY = "billable_metric";

    private final Object writeLock = new Object();
    private final Map<String, StoredBillableMetric> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, StoredBillableMetric> bySeq = new ConcurrentSkipListMap<>();
    private final CustomFieldKeys customFieldKeys;
    private long lastSeq;

    /** @param customFieldKeys the allow list that custom fields are checked against */
    public BillableMetricCatalog(CustomFieldKeys customFieldKeys) {
        this.customFieldKeys = customFieldKeys;
    }

    /** @throws ApiException 400 for an unregistered custom field key, 409 for a taken unique value */
    public StoredBillableMetric create(NewBillableMetric spec) {
        synchronized (writeLock) {
            customFieldKeys.requireAllowed(ENTITY, spec.customFields(), customFieldsOfOthers(null));
            StoredBillableMetric metric = new StoredBillableMetric(++lastSeq, IdGenerator.newId(), spec.name(),
                    spec.aggregationType(), spec.aggregationKey(), spec.eventTypeFilter(),
                    List.copyOf(spec.propertyFilters()), List.copyOf(spec.groupKeys()),
                    Map.copyOf(spec.customFields()), null);
            return store(metric);
        }
    }

    public StoredBillableMetric archive(String id, Instant now) {
        synchronized (writeLock) {
            StoredBillableMetric metric = require(id);
            if (metric.archived()) {
                throw ApiException.badRequest("Billable metric already archived");
            }
            return store(metric.archivedAt(now));
        }
    }

    /** Sets these custom fields, keeping the others ({@code /v1/customFields/setValues}). */
    public StoredBillableMetric setCustomFields(String id, Map<String, String> fields) {
        synchronized (writeLock) {
            StoredBillableMetric metric = require(id);
            customFieldKeys.requireAllowed(ENTITY, fields, customFieldsOfOthers(id));
            Map<String, String> merged = new LinkedHashMap<>(metric.customFields());
            merged.putAll(fields);
            return store(metric.withCustomFields(Map.copyOf(merged)));
        }
    }

    /** Removes these custom fields ({@code /v1/customFields/deleteValues}); absent keys are ignored. */
    public StoredBillableMetric deleteCustomFields(String id, Collection<String> keys) {
        synchronized (writeLock) {
            StoredBillableMetric metric = require(id);
            Map<String, String> kept = new LinkedHashMap<>(metric.customFields());
            kept.keySet().removeAll(keys);
            return store(metric.withCustomFields(Map.copyOf(kept)));
        }
    }

    /** Drops a removed key's values from every metric: Metronome no longer shows them. */
    public void dropCustomFieldKey(String key) {
        synchronized (writeLock) {
            for (StoredBillableMetric metric : bySeq.values()) {
                if (metric.customFields().containsKey(key)) {
                    deleteCustomFields(metric.id(), List.of(key));
                }
            }
        }
    }

    public boolean exists(String id) {
        return byId.containsKey(id);
    }

    /** The metrics with these ids, in creation order; unknown ids are skipped. */
    public List<StoredBillableMetric> inCreationOrder(Collection<String> ids) {
        return ids.stream().map(byId::get).filter(Objects::nonNull)
                .sorted(Comparator.comparingLong(StoredBillableMetric::seq)).toList();
    }

    public ListPage<StoredBillableMetric> list(Predicate<StoredBillableMetric> filter, long afterSeq, int limit) {
        List<StoredBillableMetric> collected = new ArrayList<>();
        for (StoredBillableMetric metric : bySeq.tailMap(afterSeq, false).values()) {
            if (filter.test(metric)) {
                collected.add(metric);
                if (collected.size() > limit) {
                    break;
                }
            }
        }
        return ListPage.fromOverfetch(collected, limit);
    }

    public void clear() {
        synchronized (writeLock) {
            byId.clear();
            bySeq.clear();
            lastSeq = 0;
        }
    }

    private StoredBillableMetric require(String id) {
        StoredBillableMetric metric = byId.get(id);
        if (metric == null) {
            throw ApiException.notFound("Billable metric not found");
        }
        return metric;
    }

    /** The custom fields of every metric but {@code ownerId}, for uniqueness checks. */
    private Iterable<Map<String, String>> customFieldsOfOthers(String ownerId) {
        return () -> bySeq.values().stream().filter(m -> !m.id().equals(ownerId))
                .map(StoredBillableMetric::customFields).iterator();
    }

    private StoredBillableMetric store(StoredBillableMetric metric) {
        byId.put(metric.id(), metric);
        bySeq.put(metric.seq(), metric);
        return metric;
    }
}
