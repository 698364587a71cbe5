package io.kafkaconnect.metronome.emulator.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ingested usage per resolved customer, the transaction ids seen within the de-duplication window, and the
 * counts tests use to prove exactly-once delivery. Recording an event costs O(1): one hash lookup for its
 * transaction id; expired ids are swept at most once an emulator hour.
 */
public final class UsageStore {
    /** What {@link #record} did with an event. */
    public enum Outcome { ACCEPTED, DUPLICATE }

    private static final long NEVER = Long.MIN_VALUE;
    private static final long SWEEP_INTERVAL_MILLIS = Duration.ofHours(1).toMillis();

    private final long windowMillis;
    private final Map<String, List<StoredUsageEvent>> eventsByCustomer = new ConcurrentHashMap<>();
    /** Transaction id to the emulator time (epoch ms) it was first accepted. */
    private final Map<String, Long> firstAcceptedAt = new ConcurrentHashMap<>();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder unmatched = new LongAdder();
    private volatile long lastSweep = NEVER;

    /** @param deduplicationWindow how long, from its first acceptance, a transaction id makes later events duplicates */
    public UsageStore(Duration deduplicationWindow) {
        this.windowMillis = deduplicationWindow.toMillis();
    }

    /**
     * Records an event unless its transaction id was accepted less than the window before {@code now}.
     *
     * @param customerId the resolved Metronome id, or null when the event matched no customer (it is then
     *                   only counted and remembered for de-duplication)
     */
    public Outcome record(String transactionId, String customerId, StoredUsageEvent event, Instant now) {
        long nowMillis = now.toEpochMilli();
        sweepExpired(nowMillis);
        boolean[] fresh = {false};
        firstAcceptedAt.compute(transactionId, (id, first) -> {
            if (first != null && !expired(first, nowMillis)) {
                return first;
            }
            fresh[0] = true;
            return nowMillis;
        });
        if (!fresh[0]) {
            duplicates.increment();
            return Outcome.DUPLICATE;
        }
        accepted.increment();
        if (customerId == null) {
            unmatched.increment();
        } else {
            List<StoredUsageEvent> events = eventsByCustomer.computeIfAbsent(customerId, id -> new ArrayList<>());
            synchronized (events) {
                events.add(event);
            }
        }
        return Outcome.ACCEPTED;
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

    /** The counts, with every customer that has events (sorted by id). */
    public UsageCounts counts() {
        Map<String, Long> customers = new LinkedHashMap<>();
        eventsByCustomer.keySet().stream().sorted().forEach(id -> customers.put(id, countFor(id)));
        return new UsageCounts(accepted.sum(), duplicates.sum(), unmatched.sum(), customers);
    }

    /** The counts, with only {@code customerId} (0 when it has no events). */
    public UsageCounts counts(String customerId) {
        return new UsageCounts(accepted.sum(), duplicates.sum(), unmatched.sum(), Map.of(customerId, countFor(customerId)));
    }

    public void clear() {
        eventsByCustomer.clear();
        firstAcceptedAt.clear();
        accepted.reset();
        duplicates.reset();
        unmatched.reset();
        lastSweep = NEVER;
    }

    /** How many transaction ids are remembered for de-duplication (expired ones linger until the next sweep). */
    int rememberedTransactionIds() {
        return firstAcceptedAt.size();
    }

    private long countFor(String customerId) {
        List<StoredUsageEvent> events = eventsByCustomer.get(customerId);
        if (events == null) {
            return 0;
        }
        synchronized (events) {
            return events.size();
        }
    }

    private boolean expired(long firstMillis, long nowMillis) {
        return nowMillis - firstMillis >= windowMillis;
    }

    /** Forgets expired ids at most once an emulator hour (or when the clock went back), so memory stays bounded. */
    private void sweepExpired(long nowMillis) {
        long last = lastSweep;
        if (last != NEVER && nowMillis >= last && nowMillis - last < SWEEP_INTERVAL_MILLIS) {
            return;
        }
        lastSweep = nowMillis;
        firstAcceptedAt.values().removeIf(first -> expired(first, nowMillis));
    }
}
