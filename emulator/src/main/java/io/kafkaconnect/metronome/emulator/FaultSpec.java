package io.kafkaconnect.metronome.emulator;

import java.util.Set;

/**
 * What the fault injector does to matching {@code /v1} requests.
 *
 * <p>Injected statuses are the ones Metronome documents. 401, 403 and 429 are refused before the request executes
 * (nothing is applied or stored under its Idempotency-Key); 400, 404, 409 and 422 are the execution's result, so a
 * repeat under the same Idempotency-Key replays them, as Metronome replays stored errors; a 5xx is the execution's
 * result too, applied first when {@code applyBeforeError} says so.
 *
 * @param status            status answered when a fault fires: one of {@link #CLIENT_ERRORS}, 429 or a 5xx (0 when
 *                          {@code ratio} is 0)
 * @param ratio             share of matching requests that fail, 0.0 to 1.0
 * @param retryAfterSeconds value of the {@code Retry-After} header on an injected 429
 * @param latencyMs         delay added to every matching request, failing or not
 * @param pathPrefix        only requests whose path starts with this are affected
 * @param seed              seed of the random source deciding which requests fail; null picks one
 * @param applyBeforeError  an injected 5xx on a POST first applies the request (a lost response)
 * @param message           the {@code message} of the injected error's {@code {"message": ...}} body; null for the
 *                          default ("Too many requests" for a 429, "Injected fault: HTTP &lt;status&gt;" otherwise)
 */
public record FaultSpec(int status, double ratio, int retryAfterSeconds, long latencyMs, String pathPrefix,
                        Long seed, boolean applyBeforeError, String message) {

    public static final String DEFAULT_PATH_PREFIX = "/v1";
    /** The 4xx statuses besides 429 that Metronome documents, all of which can be injected. */
    public static final Set<Integer> CLIENT_ERRORS = Set.of(400, 401, 403, 404, 409, 422);

    public FaultSpec {
        if (ratio < 0.0 || ratio > 1.0 || Double.isNaN(ratio)) {
            throw ApiException.badRequest("ratio must be between 0.0 and 1.0");
        }
        if (ratio > 0.0 && status != 429 && !CLIENT_ERRORS.contains(status) && (status < 500 || status > 599)) {
            throw ApiException.badRequest("status must be 400, 401, 403, 404, 409, 422, 429 or a 5xx when ratio is"
                    + " greater than 0");
        }
        if (applyBeforeError && status != 0 && status < 500) {
            throw ApiException.badRequest("apply_before_error applies only to a 5xx status");
        }
        if (retryAfterSeconds < 0) {
            throw ApiException.badRequest("retry_after_seconds must not be negative");
        }
        if (message != null && message.isBlank()) {
            throw ApiException.badRequest("message must not be blank");
        }
        if (latencyMs < 0) {
            throw ApiException.badRequest("latency_ms must not be negative");
        }
        pathPrefix = pathPrefix == null ? DEFAULT_PATH_PREFIX : pathPrefix;
    }

    /** The injected error's message: the one set, or the default for the status. */
    public String errorMessage() {
        if (message != null) {
            return message;
        }
        return status == 429 ? "Too many requests" : "Injected fault: HTTP " + status;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int status;
        private double ratio;
        private int retryAfterSeconds = 1;
        private long latencyMs;
        private String pathPrefix = DEFAULT_PATH_PREFIX;
        private Long seed;
        private boolean applyBeforeError;
        private String message;

        private Builder() {
        }

        public Builder status(int status) {
            this.status = status;
            return this;
        }

        public Builder ratio(double ratio) {
            this.ratio = ratio;
            return this;
        }

        public Builder retryAfterSeconds(int retryAfterSeconds) {
            this.retryAfterSeconds = retryAfterSeconds;
            return this;
        }

        public Builder latencyMs(long latencyMs) {
            this.latencyMs = latencyMs;
            return this;
        }

        public Builder pathPrefix(String pathPrefix) {
            this.pathPrefix = pathPrefix;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder applyBeforeError(boolean applyBeforeError) {
            this.applyBeforeError = applyBeforeError;
            return this;
        }

        /** The {@code message} of the injected error body, e.g. the one Metronome gives for that refusal. */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public FaultSpec build() {
            return new FaultSpec(status, ratio, retryAfterSeconds, latencyMs, pathPrefix, seed, applyBeforeError,
                    message);
        }
    }
}
