package io.kafkaconnect.metronome.client;

import java.util.concurrent.TimeUnit;

/**
 * Spaces requests evenly at a given rate. Callers either block ({@link #acquire()}) or, on the async path,
 * reserve a slot and schedule themselves after the returned delay ({@link #reserveNanos()}), so no thread is
 * parked while waiting. A rate of zero or less means unlimited.
 */
public final class RequestRateLimiter {

    private double permitsPerSecond;
    private long nextFreeNanos = System.nanoTime();

    public RequestRateLimiter(double permitsPerSecond) {
        this.permitsPerSecond = permitsPerSecond;
    }

    public static RequestRateLimiter unlimited() {
        return new RequestRateLimiter(0);
    }

    public synchronized double rate() {
        return permitsPerSecond;
    }

    synchronized void setRate(double permitsPerSecond) {
        this.permitsPerSecond = permitsPerSecond;
    }

    /** Takes the next free slot and returns how long the caller must wait for it, in nanoseconds. */
    public synchronized long reserveNanos() {
        if (permitsPerSecond <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        // An idle limiter does not bank credit: bursts after a pause would overshoot the budget.
        long slot = Math.max(nextFreeNanos, now);
        nextFreeNanos = slot + (long) (TimeUnit.SECONDS.toNanos(1) / permitsPerSecond);
        return slot - now;
    }

    /** Blocks until the caller may send one request. */
    public void acquire() throws InterruptedException {
        long waitNanos = reserveNanos();
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }
}
