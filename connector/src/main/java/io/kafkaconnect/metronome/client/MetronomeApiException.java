package io.kafkaconnect.metronome.client;

import java.time.Duration;
import java.util.Optional;

/** Metronome answered with an error status; carries the status and Metronome's own message. */
public class MetronomeApiException extends MetronomeException {

    private final int status;
    private final String apiMessage;
    private final String endpoint;
    private final Duration retryAfter;

    public MetronomeApiException(int status, String apiMessage, String endpoint, boolean retriable, Duration retryAfter) {
        super(endpoint + " failed with HTTP " + status + ": " + apiMessage, retriable, null);
        this.status = status;
        this.apiMessage = apiMessage;
        this.endpoint = endpoint;
        this.retryAfter = retryAfter;
    }

    /** Maps a status to the most specific exception type. */
    public static MetronomeApiException of(int status, String apiMessage, String endpoint, Duration retryAfter) {
        return switch (status) {
            case 400, 422 -> new BadRequestException(status, apiMessage, endpoint);
            case 401 -> new UnauthorizedException(status, apiMessage, endpoint);
            case 403 -> new ForbiddenException(apiMessage, endpoint);
            case 404 -> new NotFoundException(apiMessage, endpoint);
            case 409 -> new ConflictException(apiMessage, endpoint);
            case 429 -> new RateLimitedException(apiMessage, endpoint, retryAfter);
            default -> status == 408 || status >= 500
                    ? new ServerErrorException(status, apiMessage, endpoint, retryAfter)
                    : new MetronomeApiException(status, apiMessage, endpoint, false, retryAfter);
        };
    }

    public int status() {
        return status;
    }

    /** The {@code message} of Metronome's error body (or the raw body when it had none). */
    public String apiMessage() {
        return apiMessage;
    }

    /** "METHOD /path" of the failed call. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** 400 or 422: the request is invalid and will never succeed as sent. */
    public static final class BadRequestException extends MetronomeApiException {
        public BadRequestException(int status, String apiMessage, String endpoint) {
            super(status, apiMessage, endpoint, false, null);
        }
    }

    /** 401: the token is missing or wrong; no call will succeed until it is fixed. */
    public static final class UnauthorizedException extends MetronomeApiException {
        public UnauthorizedException(int status, String apiMessage, String endpoint) {
            super(status, apiMessage, endpoint, false, null);
        }
    }

    /**
     * 403: the token is valid but not allowed this call (scoped tokens: read-only, sandbox-only, single endpoints).
     * Permanent for that call; others may still be allowed.
     */
    public static final class ForbiddenException extends MetronomeApiException {
        public ForbiddenException(String apiMessage, String endpoint) {
            super(403, apiMessage, endpoint, false, null);
        }
    }

    /** 404: the customer (or other resource) does not exist. */
    public static final class NotFoundException extends MetronomeApiException {
        public NotFoundException(String apiMessage, String endpoint) {
            super(404, apiMessage, endpoint, false, null);
        }
    }

    /** 409: an ingest alias belongs to another customer, or an Idempotency-Key was reused with another body. */
    public static final class ConflictException extends MetronomeApiException {
        public ConflictException(String apiMessage, String endpoint) {
            super(409, apiMessage, endpoint, false, null);
        }
    }

    /** 429: throttled; retry after {@link #retryAfter()}. */
    public static final class RateLimitedException extends MetronomeApiException {
        public RateLimitedException(String apiMessage, String endpoint, Duration retryAfter) {
            super(429, apiMessage, endpoint, true, retryAfter);
        }
    }

    /** 408 or 5xx: the server failed; the request may succeed later. */
    public static final class ServerErrorException extends MetronomeApiException {
        public ServerErrorException(int status, String apiMessage, String endpoint, Duration retryAfter) {
            super(status, apiMessage, endpoint, true, retryAfter);
        }
    }
}
