package io.kafkaconnect.metronome.client;

import java.util.HashMap;
import java.util.Map;

/**
 * Lets the tasks of one connector that run in the same worker share one request budget.
 *
 * <p>The connector gives each task {@code budget / tasks.max}; every task leases its share under the
 * connector's name, and the tasks of one worker draw from one limiter whose rate is the sum of their shares.
 * So the whole connector never exceeds its budget wherever its tasks run, and tasks on one worker lend each
 * other what they do not use.
 */
public final class SharedRateLimits {

    private static final Map<String, Shared> LIMITERS = new HashMap<>();

    private SharedRateLimits() {
    }

    /** Adds {@code ratePerTask} to the limiter shared under {@code key}; close the lease when the task stops. */
    public static synchronized Lease lease(String key, double ratePerTask) {
        Shared shared = LIMITERS.computeIfAbsent(key, k -> new Shared());
        shared.leases++;
        shared.rate += ratePerTask;
        shared.limiter.setRate(ratePerTask <= 0 ? 0 : shared.rate);
        return new Lease(key, ratePerTask, shared.limiter);
    }

    private static synchronized void release(Lease lease) {
        Shared shared = LIMITERS.get(lease.key);
        if (shared == null) {
            return;
        }
        shared.leases--;
        shared.rate -= lease.rate;
        if (shared.leases == 0) {
            LIMITERS.remove(lease.key);
        } else {
            shared.limiter.setRate(Math.max(shared.rate, 0));
        }
    }

    private static final class Shared {
        final RequestRateLimiter limiter = new RequestRateLimiter(0);
        double rate;
        int leases;
    }

    /** One task's share of a shared limiter. */
    public static final class Lease implements AutoCloseable {
        private final String key;
        private final double rate;
        private final RequestRateLimiter limiter;
        private boolean closed;

        private Lease(String key, double rate, RequestRateLimiter limiter) {
            this.key = key;
            this.rate = rate;
            this.limiter = limiter;
        }

        public RequestRateLimiter limiter() {
            return limiter;
        }

        @Override
        public void close() {
            synchronized (SharedRateLimits.class) {
                if (!closed) {
                    closed = true;
                    release(this);
                }
            }
        }
    }
}
