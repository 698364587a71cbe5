package io.kafkaconnect.metronome.sink;

import io.kafkaconnect.metronome.client.MetronomeClient;
import io.kafkaconnect.metronome.client.MetronomeRequests;
import io.kafkaconnect.metronome.client.MetronomeRequests.CustomerQuery;
import io.kafkaconnect.metronome.client.model.CustomerDetail;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Finds the customer that owns an ingest alias ({@code GET /v1/customers?ingest_alias=}, active customers first,
 * then archived ones, whose aliases stay taken) and remembers the answer in a bounded LRU cache with a TTL.
 * Misses are not cached: a CREATE may claim the alias at any moment.
 */
final class AliasResolver {

    private final MetronomeClient client;
    private final int maxSize;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<String, Entry> byAlias = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Set<String>> aliasesByCustomer = new HashMap<>();

    AliasResolver(MetronomeClient client, int maxSize, Duration ttl) {
        this(client, maxSize, ttl, System::nanoTime);
    }

    AliasResolver(MetronomeClient client, int maxSize, Duration ttl, LongSupplier nanoTime) {
        this.client = client;
        this.maxSize = maxSize;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The id of the customer owning {@code alias}, or empty when no customer, active or archived, owns it. */
    CompletableFuture<Optional<String>> resolve(String alias) {
        Optional<String> cached = cached(alias);
        if (cached.isPresent()) {
            return CompletableFuture.completedFuture(cached);
        }
        return lookUp(alias, false)
                .thenCompose(found -> found.isPresent() ? CompletableFuture.completedFuture(found) : lookUp(alias, true))
                .thenApply(found -> {
                    found.ifPresent(id -> remember(alias, id));
                    return found;
                });
    }

    /** The owner of {@code alias} as far as this resolver knows without asking Metronome. */
    Optional<String> known(String alias) {
        return cached(alias);
    }

    /** Records that {@code customerId} now owns exactly {@code aliases} (after a create or set-aliases of ours). */
    synchronized void replaceAliases(String customerId, Collection<String> aliases) {
        Set<String> previous = aliasesByCustomer.remove(customerId);
        if (previous != null) {
            previous.forEach(byAlias::remove);
        }
        aliases.forEach(alias -> remember(alias, customerId));
    }

    private CompletableFuture<Optional<String>> lookUp(String alias, boolean archived) {
        return client.executeAsync(MetronomeRequests.listCustomers(CustomerQuery.byIngestAlias(alias, archived)))
                .thenApply(page -> page.data().stream().map(CustomerDetail::id).findFirst());
    }

    private synchronized Optional<String> cached(String alias) {
        Entry entry = byAlias.get(alias);
        if (entry == null) {
            return Optional.empty();
        }
        if (nanoTime.getAsLong() - entry.storedAtNanos > ttlNanos) {
            drop(alias, entry);
            return Optional.empty();
        }
        return Optional.of(entry.customerId);
    }

    private synchronized void remember(String alias, String customerId) {
        if (maxSize == 0) {
            return;
        }
        Entry old = byAlias.put(alias, new Entry(customerId, nanoTime.getAsLong()));
        if (old != null && !old.customerId.equals(customerId)) {
            Set<String> oldOwner = aliasesByCustomer.get(old.customerId);
            if (oldOwner != null) {
                oldOwner.remove(alias);
            }
        }
        aliasesByCustomer.computeIfAbsent(customerId, id -> new HashSet<>()).add(alias);
        Iterator<Map.Entry<String, Entry>> eldest = byAlias.entrySet().iterator();
        while (byAlias.size() > maxSize && eldest.hasNext()) {
            Map.Entry<String, Entry> e = eldest.next();
            eldest.remove();
            Set<String> owned = aliasesByCustomer.get(e.getValue().customerId);
            if (owned != null) {
                owned.remove(e.getKey());
            }
        }
    }

    private void drop(String alias, Entry entry) {
        byAlias.remove(alias);
        Set<String> owned = aliasesByCustomer.get(entry.customerId);
        if (owned != null) {
            owned.remove(alias);
        }
    }

    private record Entry(String customerId, long storedAtNanos) {
    }
}
