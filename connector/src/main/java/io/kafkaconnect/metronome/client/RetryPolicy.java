package io.kafkaconnect.metronome.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, as Metronome's own SDKs do it: {@code min(initial * 2^(n-1), max)} minus up
 * to 25 % jitter, unless the server said how long to wait ({@code Retry-After}), which is then honoured exactly.
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

    /** The wait before the next attempt, after {@code failedAttempts} failures. */
    public Duration backoff(int failedAttempts, Optional<Duration> serverRequested) {
        if (serverRequested.isPresent()) {
            return serverRequested.get();
        }
        long base = initialBackoff.toMillis() << Math.min(Math.max(failedAttempts - 1, 0), 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        double jitter = 1.0 - ThreadLocalRandom.current().nextDouble(0.25);
        return Duration.ofMillis((long) (capped * jitter));
    }
}
