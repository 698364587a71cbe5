package io.kafkaconnect.metronome.emulator;

/**
 * What the fault injector does to matching {@code /v1} requests.
 *
 * @param status            status answered when a fault fires: 429 or 5xx (0 when {@code ratio} is 0)
 * @param ratio             share of matching requests that fail, 0.0 to 1.0
 * @param retryAfterSeconds value of the {@code Retry-After} header on an injected 429
 * @param latencyMs         delay added to every matching request, failing or not
 * @param pathPrefix        only requests whose path starts with this are affected
 * @param seed              seed of the random source deciding which requests fail; null picks one
 * @param applyBeforeError  an injected 5xx on a POST first applies the request (a lost response)
 */
public record FaultSpec(int status, double ratio, int retryAfterSeconds, long latencyMs, String pathPrefix,
                        Long seed, boolean applyBeforeError) {

    public static final String DEFAULT_PATH_PREFIX = "/v1";

    public FaultSpec {
        if (ratio < 0.0 || ratio > 1.0 || Double.isNaN(ratio)) {
            throw ApiException.badRequest("ratio must be between 0.0 and 1.0");
        }
        if (ratio > 0.0 && status != 429 && (status < 500 || status > 599)) {
            throw ApiException.badRequest("status must be 429 or a 5xx when ratio is greater than 0");
        }
        if (retryAfterSeconds < 0) {
            throw ApiException.badRequest("retry_after_seconds must not be negative");
        }
        if (latencyMs < 0) {
            throw ApiException.badRequest("latency_ms must not be negative");
        }
        pathPrefix = pathPrefix == null ? DEFAULT_PATH_PREFIX : pathPrefix;
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

        public FaultSpec build() {
            return new FaultSpec(status, ratio, retryAfterSeconds, latencyMs, pathPrefix, seed, applyBeforeError);
        }
    }
}
