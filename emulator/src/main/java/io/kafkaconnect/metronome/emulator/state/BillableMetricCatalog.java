package io.kafkaconnect.metronome.emulator.state;

import io.kafkaconnect.metronome.emulator.ApiException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/** The organisation's billable metrics; global, every customer sees the same catalog. */
public final class BillableMetricCatalog {
    private final Object writeLock = new Object();
    private final Map<String, BillableMetric> byId = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, BillableMetric> bySeq = new ConcurrentSkipListMap<>();
    private long lastSeq;

    public BillableMetric create(NewBillableMetric spec) {
        synchronized (writeLock) {
            BillableMetric metric = new BillableMetric(++lastSeq, IdGenerator.newId(), spec.name(),
                    spec.aggregationType(), spec.aggregationKey(), spec.eventTypeFilter(),
                    List.copyOf(spec.propertyFilters()), List.copyOf(spec.groupKeys()),
                    Map.copyOf(spec.customFields()), null);
            return store(metric);
        }
    }

    public BillableMetric archive(String id, Instant now) {
        synchronized (writeLock) {
            BillableMetric metric = byId.get(id);
            if (metric == null) {
                throw ApiException.notFound("Billable metric not found");
            }
            if (metric.archived()) {
                throw ApiException.badRequest("Billable metric already archived");
            }
            return store(metric.archivedAt(now));
        }
    }

    public boolean exists(String id) {
        return byId.containsKey(id);
    }

    /** The metrics with these ids, in creation order; unknown ids are skipped. */
    public List<BillableMetric> inCreationOrder(Collection<String> ids) {
        return ids.stream().map(byId::get).filter(Objects::nonNull)
                .sorted(Comparator.comparingLong(BillableMetric::seq)).toList();
    }

    public Page<BillableMetric> list(Predicate<BillableMetric> filter, long afterSeq, int limit) {
        List<BillableMetric> collected = new ArrayList<>();
        for (BillableMetric metric : bySeq.tailMap(afterSeq, false).values()) {
            if (filter.test(metric)) {
                collected.add(metric);
                if (collected.size() > limit) {
                    break;
                }
            }
        }
        return Page.fromOverfetch(collected, limit);
    }

    public void clear() {
        synchronized (writeLock) {
            byId.clear();
            bySeq.clear();
            lastSeq = 0;
        }
    }

    private BillableMetric store(BillableMetric metric) {
        byId.put(metric.id(), metric);
        bySeq.put(metric.seq(), metric);
        return metric;
    }
}
