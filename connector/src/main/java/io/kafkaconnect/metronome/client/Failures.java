package io.kafkaconnect.metronome.client;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How the connectors read a failed call, the same for source and sink: the failure itself, out of the wrappers that
 * futures put around it, and what it means. What each connector then does differs: the source fails the task when
 * the token is refused or not allowed a call and otherwise backs off, the sink fails the task only when the token is
 * refused, retries a transient failure and rejects the command otherwise.
 */
public final class Failures {

    /** What a failed call means. */
    public enum Kind {
        /** 401: Metronome refuses the token; no call can succeed until it is fixed. */
        TOKEN_REFUSED,
        /** 403: the token may not make this call; others may still be allowed. */
        FORBIDDEN,
        /** Throttled, a server error, no answer or a proxy's refusal: the same call may succeed later. */
        TRANSIENT,
        /** Any other error status of Metronome's: the call will never succeed as sent. */
        REFUSED,
        /** No failed call at all: a bug. */
        UNEXPECTED
    }

    private Failures() {
    }

    /** The failure inside any {@link CompletionException} or {@link ExecutionException}. */
    public static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    public static Kind kind(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof MetronomeApiException.UnauthorizedException) {
            return Kind.TOKEN_REFUSED;
        }
        if (cause instanceof MetronomeApiException.ForbiddenException) {
            return Kind.FORBIDDEN;
        }
        if (cause instanceof MetronomeException failure && failure.isRetriable()) {
            return Kind.TRANSIENT;
        }
        return cause instanceof MetronomeApiException ? Kind.REFUSED : Kind.UNEXPECTED;
    }
}
