package io.kafkaconnect.metronome.client;

import java.time.Duration;

/**
 * How often the client tries one request, and how long it waits in between ({@link Backoff}).
 *
 * @param maxAttempts    total attempts per request, the first included (1 = no retry)
 * @param initialBackoff wait after the first failure
 * @param maxBackoff     cap of the exponential wait (a server's {@code Retry-After} may exceed it)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(8));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Whether another attempt is allowed after {@code attemptsMade} failed ones. */
    public boolean allowsAnotherAttempt(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }

    /** The waits between attempts. */
    public Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff);
    }
}
