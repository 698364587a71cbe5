package io.kafkaconnect.metronome.emulator.http;

import io.kafkaconnect.metronome.emulator.state.EmulatorClock;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Stored results of POSTs sent with an {@code Idempotency-Key}. The first request with a key runs and
 * its response, errors included, is kept for 24 hours of emulator time; later ones with the same
 * request get that response replayed, and ones with a different request get a 409. A lock per key
 * keeps two concurrent requests with one key from both running.
 */
public final class IdempotencyCache {
    static final Duration RETENTION = Duration.ofHours(24);

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        final byte[] fingerprint;
        final Instant firstUsedAt;
        ApiResponse response;

        Entry(byte[] fingerprint, Instant firstUsedAt) {
            this.fingerprint = fingerprint;
            this.firstUsedAt = firstUsedAt;
        }

        boolean expiredAt(Instant now) {
            return !now.isBefore(firstUsedAt.plus(RETENTION));
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final EmulatorClock clock;
    private volatile Instant lastSweep = Instant.MIN;

    public IdempotencyCache(EmulatorClock clock) {
        this.clock = clock;
    }

    /**
     * Runs {@code execution} once per key, or answers from the stored result.
     *
     * @param fingerprint identifies the request (method, path, body): a different one under the same key is a 409
     */
    public ApiResponse execute(String key, byte[] fingerprint, Supplier<ApiResponse> execution) {
        sweepExpired();
        while (true) {
            Instant now = clock.now();
            Entry entry = entries.compute(key, (k, existing) ->
                    existing == null || existing.expiredAt(now) ? new Entry(fingerprint, now) : existing);
            entry.lock.lock();
            try {
                if (entries.get(key) != entry) {
                    continue; // expired and replaced while we waited for the lock
                }
                if (!Arrays.equals(entry.fingerprint, fingerprint)) {
                    return ApiResponse.error(409, "Idempotency-Key reuse with a different request");
                }
                if (entry.response == null) {
                    entry.response = execution.get();
                }
                return entry.response;
            } finally {
                entry.lock.unlock();
            }
        }
    }

    public void clear() {
        entries.clear();
    }

    /** Drops expired keys at most once an emulator hour, so long runs do not keep every key forever. */
    private void sweepExpired() {
        Instant now = clock.now();
        if (now.isBefore(lastSweep.plus(Duration.ofHours(1))) && !now.isBefore(lastSweep)) {
            return;
        }
        lastSweep = now;
        entries.values().removeIf(entry -> entry.expiredAt(now) && !entry.lock.isLocked());
    }
}
