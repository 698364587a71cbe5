package io.kafkaconnect.metronome.emulator.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Ingested usage, per resolved customer, plus every transaction id ever seen (for de-duplication). */
public final class UsageStore {
    private final Map<String, List<StoredUsageEvent>> eventsByCustomer = new ConcurrentHashMap<>();
    private final Set<String> seenTransactionIds = ConcurrentHashMap.newKeySet();

    /**
     * Records an event unless its transaction id was seen before.
     *
     * @param customerId the resolved Metronome id, or null when the event matched no customer (it is then
     *                   only remembered for de-duplication)
     * @return false for a duplicate
     */
    public boolean record(String transactionId, String customerId, StoredUsageEvent event) {
        if (!seenTransactionIds.add(transactionId)) {
            return false;
        }
        if (customerId != null) {
            List<StoredUsageEvent> events = eventsByCustomer.computeIfAbsent(customerId, id -> new ArrayList<>());
            synchronized (events) {
                events.add(event);
            }
        }
        return true;
    }

    /** The customer's events with {@code from <= timestamp < to}, in ingestion order. */
    public List<StoredUsageEvent> eventsBetween(String customerId, Instant from, Instant to) {
        List<StoredUsageEvent> events = eventsByCustomer.get(customerId);
        if (events == null) {
            return List.of();
        }
        List<StoredUsageEvent> selected = new ArrayList<>();
        synchronized (events) {
            for (StoredUsageEvent event : events) {
                if (!event.timestamp().isBefore(from) && event.timestamp().isBefore(to)) {
                    selected.add(event);
                }
            }
        }
        return selected;
    }

    public void clear() {
        eventsByCustomer.clear();
        seenTransactionIds.clear();
    }
}
