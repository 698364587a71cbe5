package io.kafkaconnect.metronome.emulator.http;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts API requests by "METHOD /path/{template}" and keeps the most recent ones for inspection. */
public final class RequestCounter {
    public static final int RECENT_CAPACITY = 10_000;

    /** @param query the raw query string, or null */
    public record RecentRequest(String method, String path, String query, int status) {
    }

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Deque<RecentRequest> recent = new ArrayDeque<>();

    public void count(String key) {
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    public void completed(RecentRequest request) {
        synchronized (recent) {
            if (recent.size() == RECENT_CAPACITY) {
                recent.removeFirst();
            }
            recent.addLast(request);
        }
    }

    /** A sorted copy of the counts. */
    public Map<String, Long> counts() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((key, count) -> copy.put(key, count.sum()));
        return copy;
    }

    /** Oldest first. */
    public List<RecentRequest> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    public void reset() {
        counts.clear();
        synchronized (recent) {
            recent.clear();
        }
    }
}
