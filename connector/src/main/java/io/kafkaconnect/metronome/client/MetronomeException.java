package io.kafkaconnect.metronome.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Base of every error the client raises. {@link #isRetriable()} tells whether the same request may succeed
 * later (throttling, server errors, lost connections) or never will (bad input, auth, conflicts).
 * Messages never contain the API token.
 */
public class MetronomeException extends RuntimeException {

    private final boolean retriable;

    public MetronomeException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean isRetriable() {
        return retriable;
    }

    /** The wait the server asked for before another attempt, if any. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }
}
