package io.kafkaconnect.metronome.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Metronome. The token is never part of {@link #toString()}.
 *
 * @param maxConnections size of each connection pool (sync and async), per route and in total
 */
public record MetronomeClientSettings(
        URI baseUrl,
        String token,
        Duration connectTimeout,
        Duration responseTimeout,
        RetryPolicy retryPolicy,
        int maxConnections) {

    public MetronomeClientSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(retryPolicy, "retryPolicy");
        String url = baseUrl.toString();
        if (url.endsWith("/")) {
            baseUrl = URI.create(url.substring(0, url.length() - 1));
        }
    }

    public static MetronomeClientSettings of(String baseUrl, String token) {
        return new MetronomeClientSettings(URI.create(baseUrl), token, Duration.ofSeconds(10), Duration.ofSeconds(60),
                RetryPolicy.DEFAULT, 64);
    }

    public MetronomeClientSettings withRetryPolicy(RetryPolicy policy) {
        return new MetronomeClientSettings(baseUrl, token, connectTimeout, responseTimeout, policy, maxConnections);
    }

    public MetronomeClientSettings withTimeouts(Duration connect, Duration response) {
        return new MetronomeClientSettings(baseUrl, token, connect, response, retryPolicy, maxConnections);
    }

    public MetronomeClientSettings withMaxConnections(int connections) {
        return new MetronomeClientSettings(baseUrl, token, connectTimeout, responseTimeout, retryPolicy, connections);
    }

    @Override
    public String toString() {
        return "MetronomeClientSettings[baseUrl=" + baseUrl + ", token=[hidden], connectTimeout=" + connectTimeout
                + ", responseTimeout=" + responseTimeout + ", retryPolicy=" + retryPolicy
                + ", maxConnections=" + maxConnections + "]";
    }
}
