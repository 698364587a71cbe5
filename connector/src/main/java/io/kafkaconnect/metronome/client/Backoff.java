package io.kafkaconnect.metronome.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one backoff of the connectors, as Metronome's own SDKs do it: {@code min(initial * 2^(n-1), max)} minus up to
 * 25 % jitter, unless the server said how long to wait ({@code retry-after-ms} or {@code Retry-After}), which is then
 * honoured exactly. Used by the client between attempts of one request, by the source task after a failed step and
 * by the sink between attempts of one command.
 *
 * @param initial wait after the first failure
 * @param max     cap of the exponential wait (a server's wait may exceed it)
 */
public record Backoff(Duration initial, Duration max) {

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
    }

    /** The wait after {@code failedAttempts} failures in a row (1 after the first). */
    public Duration delay(int failedAttempts) {
        return delay(failedAttempts, Optional.empty());
    }

    /** The wait after {@code failedAttempts} failures in a row, or exactly {@code serverRequested} when present. */
    public Duration delay(int failedAttempts, Optional<Duration> serverRequested) {
        if (serverRequested.isPresent()) {
            return serverRequested.get();
        }
        long base = initial.toMillis() << Math.min(Math.max(failedAttempts - 1, 0), 20);
        long capped = Math.min(base, max.toMillis());
        double jitter = 1.0 - ThreadLocalRandom.current().nextDouble(0.25);
        return Duration.ofMillis((long) (capped * jitter));
    }
}
