package io.kafkaconnect.metronome.emulator.http;

import java.util.Map;

/**
 * What the fault injector decided for one request.
 *
 * @param status 0 when the request should be served normally
 */
public record FaultDecision(long latencyMs, int status, int retryAfterSeconds, boolean applyBeforeError) {
    public static final FaultDecision NONE = new FaultDecision(0, 0, 0, false);

    /** Injected 429s are refused before execution starts, so they never reach the idempotency cache. */
    public boolean rateLimited() {
        return status == 429;
    }

    public boolean serverError() {
        return status >= 500;
    }

    public ApiResponse response() {
        if (rateLimited()) {
            ApiResponse limited = ApiResponse.error(429, "Too many requests");
            return new ApiResponse(429, Map.of("Content-Type", "application/json",
                    "Retry-After", Integer.toString(retryAfterSeconds),
                    "X-Metronome-Rate-Limit-Type", "client"), limited.body());
        }
        return ApiResponse.error(status, "Injected fault: HTTP " + status);
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
