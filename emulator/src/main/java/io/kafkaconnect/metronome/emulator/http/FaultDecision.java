package io.kafkaconnect.metronome.emulator.http;

import java.util.Map;

/**
 * What the fault injector decided for one request.
 *
 * @param status  0 when the request should be served normally
 * @param message the {@code message} of the injected error body
 */
public record FaultDecision(long latencyMs, int status, int retryAfterSeconds, boolean applyBeforeError,
                            String message) {
    public static final FaultDecision NONE = new FaultDecision(0, 0, 0, false, null);

    /**
     * Injected 429s, 401s and 403s are refused before execution starts (throttling and authorisation come first), so
     * they never reach the idempotency cache.
     */
    public boolean refusedBeforeExecution() {
        return status == 429 || status == 401 || status == 403;
    }

    /** An injected 400, 404, 409 or 422: the execution's answer, stored under its Idempotency-Key like any error. */
    public boolean refusedByExecution() {
        return status >= 400 && status < 500 && !refusedBeforeExecution();
    }

    public boolean serverError() {
        return status >= 500;
    }

    public ApiResponse response() {
        ApiResponse error = ApiResponse.error(status, message);
        if (status == 429) {
            return new ApiResponse(429, Map.of("Content-Type", "application/json",
                    "Retry-After", Integer.toString(retryAfterSeconds),
                    "X-Metronome-Rate-Limit-Type", "client"), error.body());
        }
        return error;
    }

    /** Holds the request thread like a slow server would; the pool is sized for many sleepers. */
    public void applyLatency() {
        if (latencyMs <= 0) {
            return;
        }
        try {
            Thread.sleep(latencyMs);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
