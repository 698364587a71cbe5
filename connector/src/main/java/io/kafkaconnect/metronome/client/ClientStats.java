package io.kafkaconnect.metronome.client;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one client's traffic, read by the tasks' JMX metrics. */
public final class ClientStats {

    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AtomicLong lastSuccessEpochMillis = new AtomicLong();

    void recordRequest() {
        requests.increment();
    }

    void recordRetry() {
        retries.increment();
    }

    void recordThrottled() {
        throttled.increment();
    }

    void recordFailure() {
        failures.increment();
    }

    void recordSuccess() {
        lastSuccessEpochMillis.set(System.currentTimeMillis());
    }

    /** HTTP requests sent, retries included. */
    public long requests() {
        return requests.sum();
    }

    /** Requests sent again after a retriable failure. */
    public long retries() {
        return retries.sum();
    }

    /** 429 answers received. */
    public long throttled() {
        return throttled.sum();
    }

    /** Calls that failed for good (after their retries). */
    public long failures() {
        return failures.sum();
    }

    /** When a request last succeeded, epoch millis; 0 if none has. */
    public long lastSuccessEpochMillis() {
        return lastSuccessEpochMillis.get();
    }
}
